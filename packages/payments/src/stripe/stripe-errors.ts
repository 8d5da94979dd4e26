import Stripe from 'stripe';
import { PaymentProviderError } from '../types';

/**
 * Turns whatever the Stripe SDK threw into a `PaymentProviderError` whose message is one sentence
 * that is safe to log and show to staff. `action` completes "Stripe could not …".
 * The SDK's error stays on `cause` for logs.
 */
export function toPaymentProviderError(err: unknown, action: string): PaymentProviderError {
  if (err instanceof PaymentProviderError) return err;
  const prefix = `Stripe could not ${action}`;
  const message = describeStripeError(err);
  return new PaymentProviderError(`${prefix}: ${message}`, { cause: err });
}

function describeStripeError(err: unknown): string {
  const { errors } = Stripe;
  if (err instanceof errors.StripeAuthenticationError) {
    return 'the secret key was rejected (check STRIPE_SECRET_KEY).';
  }
  if (err instanceof errors.StripePermissionError) {
    return 'the secret key is not allowed to do this (check the key’s permissions in the Stripe dashboard).';
  }
  if (err instanceof errors.StripeConnectionError) {
    return 'the Stripe API could not be reached; try again in a moment.';
  }
  if (err instanceof errors.StripeRateLimitError) {
    return 'too many requests were sent to Stripe; try again in a moment.';
  }
  if (err instanceof errors.StripeIdempotencyError) {
    return 'the idempotency key was already used for a different request.';
  }
  if (err instanceof errors.StripeError) {
    const detail = err.message ? redactSecrets(err.message).replace(/\.?\s*$/, '.') : '';
    if (err instanceof errors.StripeInvalidRequestError) {
      return detail || 'the request was invalid.';
    }
    return detail
      ? `Stripe answered with an error (${detail.replace(/\.$/, '')}).`
      : 'Stripe answered with an error.';
  }
  return 'an unexpected error occurred while talking to Stripe.';
}

/**
 * Stripe's messages already mask API keys, but messages can echo request values; anything that
 * looks like a key, a webhook secret or a client secret is removed before it reaches a log line.
 */
export function redactSecrets(text: string): string {
  return text
    .replace(/\b(sk|rk|pk)_(test|live)_[A-Za-z0-9*]+/g, '$1_$2_[redacted]')
    .replace(/\bwhsec_[A-Za-z0-9]+/g, 'whsec_[redacted]')
    .replace(/\b(pi|seti)_([A-Za-z0-9]+)_secret_[A-Za-z0-9]+/g, '$1_$2_secret_[redacted]');
}
