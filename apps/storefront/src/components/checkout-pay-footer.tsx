/**
 * The bottom of every payment form: the server's sentence when paying failed, the submit button,
 * and the amount it will charge (the button is described by it).
 */
export function CheckoutPayFooter({
  error,
  isPending,
  idleLabel,
  pendingLabel,
  totalLabel,
}: {
  error: string | null;
  isPending: boolean;
  idleLabel: string;
  pendingLabel: string;
  totalLabel: string;
}) {
  return (
    <>
      {error !== null ? (
        <p
          role="alert"
          data-testid="payment-error"
          className="rounded-sm bg-danger-soft px-3 py-2 text-sm font-medium text-danger"
        >
          {error}
        </p>
      ) : null}
      <button
        type="submit"
        disabled={isPending}
        aria-describedby="checkout-pay-total"
        className="h-13 rounded-sm bg-accent px-6 text-base font-semibold text-white hover:bg-accent-strong disabled:opacity-60"
      >
        {isPending ? pendingLabel : idleLabel}
      </button>
      <p id="checkout-pay-total" className="-mt-2 text-center text-sm text-neutral-600">
        You pay <span className="font-semibold text-neutral-900">{totalLabel}</span>
      </p>
    </>
  );
}
