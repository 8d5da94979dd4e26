import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeStripe, type FakeStripe } from '../testing/fake-stripe-server';
import { PaymentProviderError, type PaymentProvider } from '../types';
import { createStripeProvider } from './stripe-provider';

let fake: FakeStripe;
let provider: PaymentProvider;

beforeAll(async () => {
  fake = await startFakeStripe();
  provider = createStripeProvider({
    secretKey: fake.secretKey,
    webhookSecret: 'whsec_unused',
    host: fake.host,
    port: fake.port,
    protocol: fake.protocol,
  });
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.requests.length = 0;
});

const order = (checkoutId: string) => ({
  checkoutId,
  amount: 12_345,
  currencyCode: 'USD',
  email: 'ada@example.com',
  idempotencyKey: `checkout:${checkoutId}:payment`,
});

describe('stripe adapter: createPayment', () => {
  it('creates a PaymentIntent from our input, in Stripe’s shape', async () => {
    const created = await provider.createPayment(order('chk_a'));

    expect(created.providerRef).toMatch(/^pi_/);
    expect(created.clientSecret).toMatch(new RegExp(`^${created.providerRef}_secret_`));
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]).toEqual({
      method: 'POST',
      path: '/v1/payment_intents',
      idempotencyKey: 'checkout:chk_a:payment',
      body: {
        amount: '12345',
        currency: 'usd',
        receipt_email: 'ada@example.com',
        automatic_payment_methods: { enabled: 'true' },
        metadata: { checkout_id: 'chk_a' },
      },
    });
  });

  it('returns the same intent for the same idempotency key and creates only one', async () => {
    const first = await provider.createPayment(order('chk_b'));
    const second = await provider.createPayment(order('chk_b'));

    expect(second).toEqual(first);
    const created = [...fake.paymentIntents.values()].filter(
      (intent) => intent.metadata.checkout_id === 'chk_b',
    );
    expect(created).toHaveLength(1);
    expect(fake.requests.map((r) => r.idempotencyKey)).toEqual([
      'checkout:chk_b:payment',
      'checkout:chk_b:payment',
    ]);
  });

  it('refuses a reused idempotency key with different parameters', async () => {
    await provider.createPayment(order('chk_c'));
    const changed = { ...order('chk_c'), amount: 1 };
    await expect(provider.createPayment(changed)).rejects.toThrow(
      'Stripe could not create the payment: the idempotency key was already used for a different request.',
    );
  });
});

describe('stripe adapter: getPayment', () => {
  it.each([
    ['a fresh intent', 'pending', () => undefined],
    ['a succeeded intent', 'succeeded', (id: string) => fake.succeed(id)],
    ['a canceled intent', 'canceled', (id: string) => fake.cancel(id)],
    ['an intent whose attempt failed', 'failed', (id: string) => fake.fail(id)],
    ['an intent in processing', 'pending', (id: string) => fake.setStatus(id, 'processing')],
    [
      'an intent needing 3-D Secure',
      'pending',
      (id: string) => fake.setStatus(id, 'requires_action'),
    ],
  ] as const)('maps %s to %s', async (label, status, change) => {
    const { providerRef } = await provider.createPayment(order(`chk_status_${label}`));
    change(providerRef);
    await expect(provider.getPayment(providerRef)).resolves.toEqual({
      status,
      amount: 12_345,
      currencyCode: 'USD',
    });
  });

  it('wraps an unknown intent in PaymentProviderError with Stripe’s sentence', async () => {
    const error = await provider.getPayment('pi_missing').catch((err: unknown) => err);
    expect(error).toBeInstanceOf(PaymentProviderError);
    expect((error as Error).message).toBe(
      "Stripe could not look up payment pi_missing: No such payment_intent: 'pi_missing'.",
    );
  });
});

describe('stripe adapter: getCard', () => {
  it("reads the card of the intent's latest charge: fingerprint, country, brand, last 4", async () => {
    const { providerRef } = await provider.createPayment(order('chk_card'));
    await expect(provider.getCard?.(providerRef)).resolves.toBeNull();
    fake.succeed(providerRef, { fingerprint: 'Xt5EWLLDS7FJjR1c', country: 'GB', last4: '0000' });
    await expect(provider.getCard?.(providerRef)).resolves.toEqual({
      fingerprint: 'Xt5EWLLDS7FJjR1c',
      country: 'GB',
      brand: 'visa',
      last4: '0000',
    });
    expect(fake.requests.at(-1)?.path).toMatch(/expand.*=latest_charge/);
  });

  it('wraps an unknown intent in PaymentProviderError', async () => {
    await expect(provider.getCard?.('pi_missing')).rejects.toThrow(PaymentProviderError);
  });
});

describe('stripe adapter: refund', () => {
  it('refunds part of a succeeded payment with our reason in metadata', async () => {
    const { providerRef } = await provider.createPayment(order('chk_refund'));
    fake.succeed(providerRef);
    fake.requests.length = 0;

    const { refundRef } = await provider.refund({
      providerRef,
      amount: 2_000,
      idempotencyKey: 'refund:chk_refund:1',
      reason: 'Item arrived damaged',
    });

    expect(refundRef).toMatch(/^re_/);
    expect(fake.refunds.get(refundRef)).toMatchObject({
      object: 'refund',
      amount: 2_000,
      currency: 'usd',
      payment_intent: providerRef,
      reason: 'requested_by_customer',
      metadata: { reason: 'Item arrived damaged' },
    });
    expect(fake.requests[0]?.idempotencyKey).toBe('refund:chk_refund:1');
  });

  it('refuses to refund more than was received', async () => {
    const { providerRef } = await provider.createPayment(order('chk_refund_big'));
    fake.succeed(providerRef);
    await expect(
      provider.refund({ providerRef, amount: 99_999, idempotencyKey: 'refund:big', reason: 'x' }),
    ).rejects.toThrow(
      `Stripe could not refund payment ${providerRef}: Refund amount (99999) is greater than unrefunded amount on charge (12345).`,
    );
  });
});

describe('stripe adapter: errors', () => {
  it('says the key was rejected without repeating it', async () => {
    const wrongKey = 'sk_test_wrongkey1234567890abcdef';
    const badKey = createStripeProvider({
      secretKey: wrongKey,
      webhookSecret: 'whsec_unused',
      host: fake.host,
      port: fake.port,
      protocol: fake.protocol,
    });
    const error = await badKey.createPayment(order('chk_key')).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(PaymentProviderError);
    expect((error as Error).message).toBe(
      'Stripe could not create the payment: the secret key was rejected (check STRIPE_SECRET_KEY).',
    );
    expect((error as Error).message).not.toContain('wrongkey');
    expect((error as Error).cause).toBeInstanceOf(Error);
  });

  it('reports a Stripe API error as one sentence', async () => {
    fake.failNextRequest({ status: 402, type: 'card_error', message: 'Your card was declined.' });
    await expect(provider.createPayment(order('chk_api_error'))).rejects.toThrow(
      'Stripe could not create the payment: Stripe answered with an error (Your card was declined).',
    );
  });

  it('says when Stripe cannot be reached', async () => {
    const closed = await startFakeStripe();
    const { host, port } = closed;
    await closed.close();
    const unreachable = createStripeProvider({
      secretKey: closed.secretKey,
      webhookSecret: 'whsec_unused',
      host,
      port,
      protocol: 'http',
      maxNetworkRetries: 0,
    });
    await expect(unreachable.getPayment('pi_any')).rejects.toThrow(
      'Stripe could not look up payment pi_any: the Stripe API could not be reached; try again in a moment.',
    );
  });

  it('rejects an invalid amount before calling Stripe', async () => {
    await expect(provider.createPayment({ ...order('chk_bad'), amount: 10.5 })).rejects.toThrow(
      PaymentProviderError,
    );
    expect(fake.requests).toHaveLength(0);
  });
});

describe('stripe adapter: label', () => {
  it('says when a test-mode key moves no real money', () => {
    expect(provider.label).toContain('no real money moves');
    const live = createStripeProvider({ secretKey: 'sk_live_x', webhookSecret: 'whsec_x' });
    expect(live.label).toBe('Card payment');
  });
});
