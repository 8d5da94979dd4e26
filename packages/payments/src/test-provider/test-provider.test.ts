import { describe, expect, it } from 'vitest';
import { PaymentProviderError } from '../types';
import { TEST_CARDS, UNKNOWN_CARD_MESSAGE } from './test-cards';
import { createTestProvider } from './test-provider';

const provider = createTestProvider();
const payment = { providerRef: 'test_pi_chk_1', amount: 2599, currencyCode: 'USD' };
const fingerprint = expect.stringMatching(/^[0-9a-f]{16}$/) as unknown as string;
const us = { fingerprint, country: 'US', brand: 'visa', last4: '4242' };
const gb = { fingerprint, country: 'GB', brand: 'visa', last4: '0000' };

describe('test provider', () => {
  it('says that no real money moves', () => {
    expect(provider.id).toBe('test');
    expect(provider.label).toBe('Test payment — no real money moves');
  });

  it('creates one payment per checkout, with no client secret', async () => {
    const input = {
      checkoutId: 'chk_1',
      amount: 2599,
      currencyCode: 'USD',
      email: 'ada@example.com',
      idempotencyKey: 'checkout:chk_1:attempt:1',
    };
    await expect(provider.createPayment(input)).resolves.toEqual({
      providerRef: 'test_pi_chk_1',
      clientSecret: null,
    });
    await expect(
      provider.createPayment({ ...input, idempotencyKey: 'checkout:chk_1:attempt:2' }),
    ).resolves.toEqual({ providerRef: 'test_pi_chk_1', clientSecret: null });
  });

  it.each([
    ['4242 4242 4242 4242', { status: 'succeeded', providerRef: 'test_pi_chk_1', card: us }],
    ['4242424242424242', { status: 'succeeded', providerRef: 'test_pi_chk_1', card: us }],
    ['4242-4242-4242-4242', { status: 'succeeded', providerRef: 'test_pi_chk_1', card: us }],
    ['4000 0082 6000 0000', { status: 'succeeded', providerRef: 'test_pi_chk_1', card: gb }],
    ['4000 0000 0000 0002', { status: 'declined', message: 'Your card was declined.' }],
    ['4000-0000-0000-9995', { status: 'declined', message: 'Your card has insufficient funds.' }],
    ['5555 5555 5555 4444', { status: 'declined', message: UNKNOWN_CARD_MESSAGE }],
    ['', { status: 'declined', message: UNKNOWN_CARD_MESSAGE }],
  ])('card %j → %o', async (cardNumber, outcome) => {
    await expect(provider.confirmPayment?.({ ...payment, cardNumber })).resolves.toEqual(outcome);
  });

  it('reports the card: one fingerprint per number, the issuer country', async () => {
    const confirm = (cardNumber: string) => provider.confirmPayment?.({ ...payment, cardNumber });
    const [a, b, c] = await Promise.all([
      confirm('4242 4242 4242 4242'),
      confirm('4242-4242-4242-4242'),
      confirm('4000 0082 6000 0000'),
    ]);
    const print = (o: typeof a) => (o?.status === 'succeeded' ? o.card?.fingerprint : undefined);
    expect(print(a)).toBeDefined();
    expect(print(a)).toBe(print(b));
    expect(print(c)).not.toBe(print(a));
  });

  it('tells the shopper which card to use when the number is not a test card', () => {
    expect(UNKNOWN_CARD_MESSAGE).toBe(
      'This is a test shop: use a test card such as 4242 4242 4242 4242.',
    );
  });

  it('documents every test card with a description', () => {
    expect(TEST_CARDS.map((card) => card.number)).toEqual([
      '4242 4242 4242 4242',
      '4000 0000 0000 0002',
      '4000 0000 0000 9995',
      '4000 0082 6000 0000',
    ]);
    for (const card of TEST_CARDS) expect(card.description).not.toBe('');
  });

  it('reports payments as pending: it keeps no state', async () => {
    await expect(provider.getPayment('test_pi_chk_1')).resolves.toMatchObject({
      status: 'pending',
    });
  });

  it('refunds with a test refund reference, the same one for a retried key', async () => {
    const input = { providerRef: 'test_pi_chk_1', amount: 500, reason: 'Damaged in transit' };
    const first = await provider.refund({ ...input, idempotencyKey: 'refund:1' });
    const retry = await provider.refund({ ...input, idempotencyKey: 'refund:1' });
    const other = await provider.refund({ ...input, idempotencyKey: 'refund:2' });
    expect(first.refundRef).toMatch(/^test_re_[0-9a-f]{24}$/);
    expect(retry.refundRef).toBe(first.refundRef);
    expect(other.refundRef).not.toBe(first.refundRef);
  });

  it('rejects references that are not test payments', async () => {
    await expect(provider.getPayment('pi_123')).rejects.toThrow(PaymentProviderError);
    await expect(
      provider.confirmPayment?.({
        ...payment,
        providerRef: 'pi_123',
        cardNumber: '4242424242424242',
      }),
    ).rejects.toThrow(/not a test payment/);
  });
});
