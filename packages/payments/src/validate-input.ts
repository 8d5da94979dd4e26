import { PaymentProviderError } from './types';

/**
 * Checks shared by every adapter, so the test provider rejects what Stripe would reject and a
 * bug in the caller surfaces the same way in embedded mode and in production.
 */
export function assertMinorUnits(amount: number): void {
  if (!Number.isSafeInteger(amount) || amount <= 0) {
    throw new PaymentProviderError(
      `The payment amount must be a positive whole number of minor units (got ${String(amount)}).`,
    );
  }
}

export function assertCurrencyCode(currencyCode: string): void {
  if (!/^[A-Z]{3}$/.test(currencyCode)) {
    throw new PaymentProviderError(
      `The currency must be a three-letter ISO 4217 code such as USD (got "${currencyCode}").`,
    );
  }
}

export function assertIdempotencyKey(key: string): void {
  if (key.trim() === '' || key.length > 255) {
    throw new PaymentProviderError('The idempotency key must be 1 to 255 characters long.');
  }
}
