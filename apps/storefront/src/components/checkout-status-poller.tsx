'use client';

import { useEffect, useState, type ReactNode } from 'react';
import Link from 'next/link';
import { pollCheckoutStatus } from '~/app/checkout/actions';
import type { CheckoutProgress } from '~/app/checkout/payment-state';
import { CheckoutPaymentProblem } from './checkout-payment-problem';

/** Ask once a second for about a minute; the webhook usually lands within a few seconds. */
const POLL_INTERVAL_MS = 1000;
const POLL_FOR_MS = 60_000;

/**
 * Waits on /checkout/complete for the webhook to place the order. Each poll is a server action
 * that redirects to the confirmation once the order exists. A failed checkout shows its reason;
 * after a minute without an answer the shopper is told the confirmation mail will follow, and
 * may check again.
 */
export function CheckoutStatusPoller({ checkoutId }: { checkoutId: string }) {
  const [progress, setProgress] = useState<CheckoutProgress | null>(null);
  const [isTimedOut, setTimedOut] = useState(false);
  const [round, setRound] = useState(0);

  useEffect(() => {
    let isStopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const startedAt = Date.now();

    const poll = async () => {
      try {
        const next = await pollCheckoutStatus(checkoutId);
        if (isStopped) return;
        // A redirecting action leaves the page; it resolves to nothing meanwhile.
        if (!next) return;
        setProgress(next);
        if (next.status === 'failed' || next.status === 'missing') return;
      } catch {
        // The network or the server hiccuped: the next poll asks again.
      }
      if (isStopped) return;
      if (Date.now() - startedAt >= POLL_FOR_MS) {
        setTimedOut(true);
        return;
      }
      timer = setTimeout(() => void poll(), POLL_INTERVAL_MS);
    };
    void poll();
    return () => {
      isStopped = true;
      clearTimeout(timer);
    };
  }, [checkoutId, round]);

  if (progress?.status === 'failed') {
    return (
      <CheckoutPaymentProblem
        checkoutId={checkoutId}
        reason={progress.failureReason ?? 'Your payment could not become an order.'}
        isRefunded
      />
    );
  }

  if (progress?.status === 'missing') {
    return (
      <Message title="We can't check this payment here">
        <p className="mt-3 text-neutral-600">
          This browser no longer holds the checkout. If your payment went through, your order
          confirmation is on its way to your inbox.
        </p>
        <ShopLink />
      </Message>
    );
  }

  if (isTimedOut) {
    return (
      <Message title="This is taking longer than usual">
        <p className="mt-3 text-neutral-600" data-testid="confirmation-pending">
          We haven&apos;t heard back about your payment yet. If it went through, we&apos;ll email
          your order confirmation as soon as it&apos;s confirmed. There&apos;s no need to pay again.
        </p>
        <div className="mt-8 flex flex-col gap-3 sm:flex-row sm:justify-center">
          <button
            type="button"
            onClick={() => {
              setTimedOut(false);
              setRound((n) => n + 1);
            }}
            className="h-11 rounded-sm bg-accent px-5 text-sm font-medium text-white hover:bg-accent-strong"
          >
            Check again
          </button>
          <ShopLink isSecondary />
        </div>
      </Message>
    );
  }

  return (
    <div className="flex flex-col items-center text-center" role="status" aria-live="polite">
      <span
        aria-hidden="true"
        className="h-12 w-12 animate-spin rounded-full border-4 border-neutral-200 border-t-accent motion-reduce:animate-none"
      />
      <h1 className="mt-4 text-2xl font-semibold tracking-tight sm:text-3xl">
        Confirming your payment…
      </h1>
      <p className="mt-2 text-neutral-600">
        This usually takes a few seconds. Please keep this page open.
      </p>
    </div>
  );
}

function Message({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="flex flex-col items-center text-center">
      <h1 className="text-2xl font-semibold tracking-tight sm:text-3xl">{title}</h1>
      {children}
    </div>
  );
}

function ShopLink({ isSecondary = false }: { isSecondary?: boolean }) {
  return (
    <Link
      href="/"
      className={
        isSecondary
          ? 'inline-flex h-11 items-center justify-center rounded-sm border border-neutral-300 bg-white px-5 text-sm font-medium hover:border-neutral-900'
          : 'mt-8 inline-flex h-11 items-center justify-center rounded-sm bg-accent px-5 text-sm font-medium text-white hover:bg-accent-strong'
      }
    >
      Continue shopping
    </Link>
  );
}
