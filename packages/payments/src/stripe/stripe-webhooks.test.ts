import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeStripe, type FakeStripe } from '../testing/fake-stripe-server';
import { InvalidWebhookSignatureError, type PaymentProvider } from '../types';
import { createStripeProvider } from './stripe-provider';

const WEBHOOK_SECRET = 'whsec_test_shop_endpoint_secret';

let fake: FakeStripe;
let provider: PaymentProvider;

beforeAll(async () => {
  fake = await startFakeStripe();
  provider = createStripeProvider({
    secretKey: fake.secretKey,
    webhookSecret: WEBHOOK_SECRET,
    host: fake.host,
    port: fake.port,
    protocol: fake.protocol,
  });
});
afterAll(async () => {
  await fake.close();
});

function parse(rawBody: string, signature: string | null) {
  if (!provider.parseWebhook) throw new Error('The Stripe provider must parse webhooks.');
  return provider.parseWebhook(rawBody, signature);
}

async function createIntent(checkoutId: string) {
  const { providerRef } = await provider.createPayment({
    checkoutId,
    amount: 5_000,
    currencyCode: 'GBP',
    email: 'ada@example.com',
    idempotencyKey: `checkout:${checkoutId}`,
  });
  return providerRef;
}

describe('stripe adapter: parseWebhook', () => {
  it('turns payment_intent.succeeded into payment.succeeded', async () => {
    const ref = await createIntent('chk_wh_ok');
    fake.succeed(ref);
    const { payload, signature } = fake.createWebhook(
      'payment_intent.succeeded',
      ref,
      WEBHOOK_SECRET,
    );

    expect(parse(payload, signature)).toEqual({
      id: expect.stringMatching(/^evt_/) as unknown,
      kind: 'payment.succeeded',
      rawType: 'payment_intent.succeeded',
      providerRef: ref,
      checkoutId: 'chk_wh_ok',
      amount: 5_000,
      currencyCode: 'GBP',
      failureMessage: null,
    });
  });

  it('turns payment_intent.payment_failed into payment.failed with Stripe’s message', async () => {
    const ref = await createIntent('chk_wh_failed');
    fake.fail(ref, 'Your card has insufficient funds.');
    const { payload, signature } = fake.createWebhook(
      'payment_intent.payment_failed',
      ref,
      WEBHOOK_SECRET,
    );

    expect(parse(payload, signature)).toMatchObject({
      kind: 'payment.failed',
      rawType: 'payment_intent.payment_failed',
      providerRef: ref,
      checkoutId: 'chk_wh_failed',
      failureMessage: 'Your card has insufficient funds.',
    });
  });

  it('marks other events as ignored', async () => {
    const ref = await createIntent('chk_wh_other');
    const { payload, signature } = fake.createWebhook(
      'payment_intent.created',
      ref,
      WEBHOOK_SECRET,
    );
    expect(parse(payload, signature)).toMatchObject({
      kind: 'ignored',
      rawType: 'payment_intent.created',
      providerRef: null,
      checkoutId: null,
    });
  });

  it('accepts a payload signed with stripe.webhooks.generateTestHeaderString', () => {
    const payload = JSON.stringify({
      id: 'evt_hand_made',
      object: 'event',
      type: 'payment_intent.succeeded',
      data: {
        object: {
          id: 'pi_hand_made',
          object: 'payment_intent',
          amount: 1999,
          amount_received: 1999,
          currency: 'usd',
          metadata: { checkout_id: 'chk_hand_made' },
          status: 'succeeded',
          last_payment_error: null,
        },
      },
    });
    const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET });
    expect(parse(payload, signature)).toEqual({
      id: 'evt_hand_made',
      kind: 'payment.succeeded',
      rawType: 'payment_intent.succeeded',
      providerRef: 'pi_hand_made',
      checkoutId: 'chk_hand_made',
      amount: 1999,
      currencyCode: 'USD',
      failureMessage: null,
    });
  });

  it('rejects a payload signed with another secret', async () => {
    const ref = await createIntent('chk_wh_wrong_secret');
    fake.succeed(ref);
    const { payload, signature } = fake.createWebhook(
      'payment_intent.succeeded',
      ref,
      'whsec_someone_else',
    );
    expect(() => parse(payload, signature)).toThrow(InvalidWebhookSignatureError);
  });

  it('rejects a tampered body', async () => {
    const ref = await createIntent('chk_wh_tampered');
    fake.succeed(ref);
    const { payload, signature } = fake.createWebhook(
      'payment_intent.succeeded',
      ref,
      WEBHOOK_SECRET,
    );
    const tampered = payload.replace('"amount_received": 5000', '"amount_received": 1');
    expect(tampered).not.toBe(payload);
    expect(() => parse(tampered, signature)).toThrow(InvalidWebhookSignatureError);
  });

  it('rejects a signature that is too old to be replayed', () => {
    const payload = JSON.stringify({
      id: 'evt_old',
      object: 'event',
      type: 'charge.succeeded',
      data: { object: {} },
    });
    const signature = Stripe.webhooks.generateTestHeaderString({
      payload,
      secret: WEBHOOK_SECRET,
      timestamp: Math.floor(Date.now() / 1000) - 3600,
    });
    expect(() => parse(payload, signature)).toThrow(InvalidWebhookSignatureError);
  });

  it.each([null, '', 'garbage'])('rejects the signature header %j', (signature) => {
    const payload = JSON.stringify({ id: 'evt_x', object: 'event', type: 'charge.succeeded' });
    expect(() => parse(payload, signature)).toThrow(InvalidWebhookSignatureError);
  });
});
