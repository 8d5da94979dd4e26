import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStripeProvider } from './stripe/stripe-provider';
import { createTestProvider } from './test-provider/test-provider';
import { startFakeStripe, type FakeStripe } from './testing/fake-stripe-server';
import { PaymentProviderError, type PaymentProvider } from './types';

/**
 * The behaviour every adapter owes the core, run against each adapter that can start on this
 * machine: the test provider and the Stripe adapter against the local fake Stripe.
 */
let fake: FakeStripe;

beforeAll(async () => {
  fake = await startFakeStripe();
});
afterAll(async () => {
  await fake.close();
});

const adapters: Array<{
  name: string;
  create: () => PaymentProvider;
  succeed: (ref: string) => void;
}> = [
  { name: 'test provider', create: createTestProvider, succeed: () => undefined },
  {
    name: 'stripe (fake API)',
    create: () =>
      createStripeProvider({
        secretKey: fake.secretKey,
        webhookSecret: 'whsec_contract',
        host: fake.host,
        port: fake.port,
        protocol: fake.protocol,
      }),
    succeed: (ref) => fake.succeed(ref),
  },
];

describe('payment provider contract: stripe (fake API) only', () => {
  it('answers "succeeded" when asked to cancel a payment that already went through', async () => {
    const provider = adapters[1]?.create();
    if (!provider) throw new Error('no stripe adapter');
    const { providerRef } = await provider.createPayment({
      checkoutId: 'chk_contract_9',
      amount: 4200,
      currencyCode: 'EUR',
      email: 'grace@example.com',
      idempotencyKey: 'checkout:chk_contract_9',
    });
    fake.succeed(providerRef);
    expect(
      await provider.cancelPayment({ providerRef, idempotencyKey: 'cancel:chk_contract_9' }),
    ).toEqual({ status: 'succeeded' });
    expect(fake.paymentIntents.get(providerRef)?.status).toBe('succeeded');
  });
});

describe.each(adapters)('payment provider contract: $name', ({ create, succeed }) => {
  const input = (checkoutId: string) => ({
    checkoutId,
    amount: 4200,
    currencyCode: 'EUR',
    email: 'grace@example.com',
    idempotencyKey: `checkout:${checkoutId}`,
  });

  it('returns the same payment for a repeated idempotency key', async () => {
    const provider = create();
    const first = await provider.createPayment(input('chk_contract_1'));
    const again = await provider.createPayment(input('chk_contract_1'));
    expect(again.providerRef).toBe(first.providerRef);
    expect(first.providerRef).not.toBe('');
  });

  it('gives different checkouts different payments', async () => {
    const provider = create();
    const a = await provider.createPayment(input('chk_contract_2'));
    const b = await provider.createPayment(input('chk_contract_3'));
    expect(a.providerRef).not.toBe(b.providerRef);
  });

  it('reports a payment status from the shared vocabulary', async () => {
    const provider = create();
    const { providerRef } = await provider.createPayment(input('chk_contract_4'));
    const payment = await provider.getPayment(providerRef);
    expect(['pending', 'succeeded', 'failed', 'canceled']).toContain(payment.status);
  });

  it('refunds once per idempotency key', async () => {
    const provider = create();
    const { providerRef } = await provider.createPayment(input('chk_contract_5'));
    succeed(providerRef);
    const refund = { providerRef, amount: 1000, reason: 'Returned', idempotencyKey: 'refund:c5:1' };
    const first = await provider.refund(refund);
    const retry = await provider.refund(refund);
    expect(retry.refundRef).toBe(first.refundRef);
  });

  it('cancels a payment that was not taken, harmlessly twice', async () => {
    const provider = create();
    const { providerRef } = await provider.createPayment(input('chk_contract_8'));
    const cancel = { providerRef, idempotencyKey: 'cancel:chk_contract_8' };
    expect(await provider.cancelPayment(cancel)).toEqual({ status: 'canceled' });
    expect(await provider.cancelPayment(cancel)).toEqual({ status: 'canceled' });
  });

  it.each([0, -5, 12.5, Number.NaN])(
    'rejects the amount %s with PaymentProviderError',
    async (amount) => {
      const provider = create();
      await expect(provider.createPayment({ ...input('chk_contract_6'), amount })).rejects.toThrow(
        PaymentProviderError,
      );
    },
  );

  it('rejects a currency that is not an upper-case ISO code', async () => {
    const provider = create();
    await expect(
      provider.createPayment({ ...input('chk_contract_7'), currencyCode: 'euro' }),
    ).rejects.toThrow(/three-letter ISO 4217 code/);
  });
});
