'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { changeOrderHold } from './actions';

/** "Release" for a held order, "Hold for review" otherwise; the page refreshes to show it. */
export function HoldButton({ number, change }: { number: number; change: 'hold' | 'release' }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [isPending, startTransition] = useTransition();

  function onClick() {
    if (isPending) return;
    setError(null);
    startTransition(async () => {
      try {
        const result = await changeOrderHold({ number, change });
        if (!result.ok) setError(result.message);
        else router.refresh();
      } catch {
        setError('The server failed; try again.');
      }
    });
  }

  return (
    <div className="space-y-2">
      <button
        type="button"
        onClick={onClick}
        disabled={isPending}
        className={change === 'release' ? 'button-primary' : 'button-secondary'}
      >
        {isPending ? 'Saving…' : change === 'release' ? 'Release' : 'Hold for review'}
      </button>
      {error ? (
        <p role="alert" className="text-danger">
          {error}
        </p>
      ) : null}
    </div>
  );
}
