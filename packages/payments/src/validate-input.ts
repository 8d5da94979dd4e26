import { isSupportedCurrency } from '@shop/money';
import { PaymentProviderError } from './types';

/**
 * Checks shared by every adapter, so the test provider rejects what Stripe would reject and a
 * bug in the caller surfaces the same way in embedded mode and in production. Providers take no
 * zero amount (Stripe refuses one): a free order (total 0) completes without a provider payment.
 */
export function assertMinorUnits(amount: number): void {
  if (!Number.isSafeInteger(amount) || amount <= 0) {
    throw new PaymentProviderError(
      `The payment amount must be a positive whole number of minor units (got ${String(amount)}).`,
    );
  }
}

export function assertCurrencyCode(currencyCode: string): void {
  if (!isSupportedCurrency(currencyCode)) {
    throw new PaymentProviderError(
      `The currency must be a three-letter ISO 4217 code that the shop supports, such as USD (got "${currencyCode}").`,
    );
  }
}

export function assertIdempotencyKey(key: string): void {
  if (key.trim() === '' || key.length > 255) {
    throw new PaymentProviderError('The idempotency key must be 1 to 255 characters long.');
  }
}
