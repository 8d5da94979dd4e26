import { createHash } from 'node:crypto';
import {
  PaymentProviderError,
  type CreatedPayment,
  type CreatePaymentInput,
  type PaymentOutcome,
  type PaymentProvider,
  type PaymentStatus,
} from '../types';
import { assertCurrencyCode, assertIdempotencyKey, assertMinorUnits } from '../validate-input';
import {
  findTestCard,
  normalizeCardNumber,
  UNKNOWN_CARD_MESSAGE,
  type TestCard,
} from './test-cards';

const PAYMENT_PREFIX = 'test_pi_';
const REFUND_PREFIX = 'test_re_';

/**
 * The embedded payment provider: no network, no state, no real money. Payments are confirmed on
 * the server with one of `TEST_CARDS`; the core records the outcome, so this provider never has
 * to remember anything and every replica of every process gives the same answers.
 */
export function createTestProvider(): PaymentProvider {
  return {
    id: 'test',
    label: 'Test payment — no real money moves',

    createPayment(input: CreatePaymentInput): Promise<CreatedPayment> {
      return settle(() => {
        assertMinorUnits(input.amount);
        assertCurrencyCode(input.currencyCode);
        assertIdempotencyKey(input.idempotencyKey);
        if (input.checkoutId.trim() === '') {
          throw new PaymentProviderError('A test payment needs a checkout id.');
        }
        // One payment per checkout, whatever the idempotency key: a retry cannot create a second.
        return { providerRef: `${PAYMENT_PREFIX}${input.checkoutId}`, clientSecret: null };
      });
    },

    confirmPayment(input): Promise<PaymentOutcome> {
      return settle(() => {
        assertTestPaymentRef(input.providerRef);
        assertMinorUnits(input.amount);
        assertCurrencyCode(input.currencyCode);
        const card = findTestCard(input.cardNumber);
        if (!card) return { status: 'declined', message: UNKNOWN_CARD_MESSAGE };
        if (card.outcome === 'succeeded') {
          return { status: 'succeeded', providerRef: input.providerRef, card: cardDetails(card) };
        }
        return { status: 'declined', message: card.message };
      });
    },

    /**
     * Always `pending` with amount 0 and currency `XXX` (ISO 4217's "no currency"): the provider
     * keeps no state, and the core already holds the outcome `confirmPayment` returned.
     */
    getPayment(
      providerRef: string,
    ): Promise<{ status: PaymentStatus; amount: number; currencyCode: string }> {
      return settle(() => {
        assertTestPaymentRef(providerRef);
        return { status: 'pending', amount: 0, currencyCode: 'XXX' };
      });
    },

    /**
     * Nothing to cancel: the provider keeps no state, and a test payment exists only once the
     * core has recorded its outcome (the core refunds one that lands on a closed attempt).
     */
    cancelPayment(input): Promise<{ status: 'canceled' | 'succeeded' }> {
      return settle(() => {
        assertTestPaymentRef(input.providerRef);
        assertIdempotencyKey(input.idempotencyKey);
        return { status: 'canceled' };
      });
    },

    /**
     * The refund reference is derived from the idempotency key, so a retried refund gets the same
     * reference (as with Stripe) while different keys get different ones.
     */
    refund(input): Promise<{ refundRef: string }> {
      return settle(() => {
        assertTestPaymentRef(input.providerRef);
        assertMinorUnits(input.amount);
        assertIdempotencyKey(input.idempotencyKey);
        const digest = createHash('sha256')
          .update(`${input.providerRef}\0${input.idempotencyKey}`)
          .digest('hex')
          .slice(0, 24);
        return { refundRef: `${REFUND_PREFIX}${digest}` };
      });
    },
  };
}

/**
 * The card as Stripe would report it: the fingerprint is a hash of the number (the same number,
 * the same fingerprint, as Stripe's per-account fingerprint), the country the issuer's.
 */
function cardDetails(card: TestCard) {
  const digits = normalizeCardNumber(card.number);
  return {
    fingerprint: createHash('sha256').update(`test-card\0${digits}`).digest('hex').slice(0, 16),
    country: card.country,
    brand: card.brand,
    last4: digits.slice(-4),
  };
}

function assertTestPaymentRef(providerRef: string): void {
  if (!providerRef.startsWith(PAYMENT_PREFIX) || providerRef.length === PAYMENT_PREFIX.length) {
    throw new PaymentProviderError(
      `"${providerRef}" is not a test payment (test payments start with ${PAYMENT_PREFIX}).`,
    );
  }
}

/** Runs synchronous work behind the async interface, turning a throw into a rejection. */
function settle<T>(work: () => T): Promise<T> {
  try {
    return Promise.resolve(work());
  } catch (err) {
    return Promise.reject(err instanceof Error ? err : new Error(String(err)));
  }
}
