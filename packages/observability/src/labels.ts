import { metrics, type CheckoutOutcome } from './metrics';

/** The label of a path that is no procedure of the router (a typo, a probe): one label for all. */
export const UNKNOWN_PROCEDURE = 'trpc:(unknown)';

/**
 * The route labels of one tRPC request: `trpc:<procedure path>` for each call of the batch
 * (`/api/trpc/cart.get,catalog.list`), the path checked against the router's procedures so a
 * made-up path cannot mint a new time series (it is `trpc:(unknown)`); at most `max` labels.
 */
export function trpcRouteLabel(
  url: string,
  isProcedure: (path: string) => boolean,
  max = 10,
): string[] {
  const pathname = new URL(url, 'http://localhost').pathname;
  const marker = '/api/trpc/';
  const at = pathname.indexOf(marker);
  const rest = at === -1 ? '' : decodeURIComponent(pathname.slice(at + marker.length));
  const paths = rest.split(',').filter((p) => p !== '');
  if (paths.length === 0 || paths.length > max) return [UNKNOWN_PROCEDURE];
  return [...new Set(paths.map((p) => (isProcedure(p) ? `trpc:${p}` : UNKNOWN_PROCEDURE)))];
}

/** The outcome an error of a checkout step stands for (the core's `CommerceError` codes). */
export function checkoutOutcomeOf(err: unknown): CheckoutOutcome {
  const code = (err as { code?: unknown } | null)?.code;
  switch (code) {
    case 'PAYMENT_DECLINED':
      return 'declined';
    case 'CHECKOUT_REFUSED':
      return 'refused';
    case 'OUT_OF_STOCK':
      return 'out_of_stock';
    default:
      return 'error';
  }
}

/**
 * Counts a checkout step's outcome in `checkout_outcomes_total` and answers as `work` does.
 * `pay` (the payment that places the order): `placed` on success, else the error's outcome;
 * `start`: only the refusals that end an attempt before payment (`refused` by a risk rule,
 * `out_of_stock`), since a started checkout is no outcome yet.
 */
export async function countCheckout<T>(step: 'start' | 'pay', work: () => Promise<T>): Promise<T> {
  try {
    const result = await work();
    if (step === 'pay') metrics.checkoutOutcome('placed');
    return result;
  } catch (err) {
    const outcome = checkoutOutcomeOf(err);
    if (step === 'pay' || outcome === 'refused' || outcome === 'out_of_stock')
      metrics.checkoutOutcome(outcome);
    throw err;
  }
}
