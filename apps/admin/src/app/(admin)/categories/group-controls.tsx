'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';

/**
 * The pieces the categories and collections pages share: running a server action from a button
 * (the page refreshes after a success, the outcome is announced), and the "Move up" / "Move
 * down" pair that sends the target position, so a double click moves once.
 */

export type GroupActionResult = { ok: true; message: string } | { ok: false; message: string };

/** Runs one action at a time; `result` is the last outcome, for `ResultText`. */
export function useGroupAction() {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<GroupActionResult | null>(null);
  const run = (action: () => Promise<GroupActionResult>) =>
    startTransition(async () => {
      const answer = await action();
      setResult(answer);
      if (answer.ok) router.refresh();
    });
  return { run, pending, result, setResult, refresh: () => router.refresh() };
}

/** An action's outcome: a refusal as an alert, a success as a status. */
export function ResultText({ result }: { result: GroupActionResult | null }) {
  if (!result) return null;
  return result.ok ? (
    <p role="status" className="text-sm text-success">
      {result.message}
    </p>
  ) : (
    <p role="alert" className="field-error">
      {result.message}
    </p>
  );
}

/** "Up" and "Down" for the item at `index` of `count`; each sends the position it moves to. */
export function OrderButtons({
  name,
  index,
  count,
  disabled,
  onMove,
}: {
  /** What the buttons move, for their accessible names ("Move Shoes up"). */
  name: string;
  index: number;
  count: number;
  disabled: boolean;
  onMove: (position: number) => void;
}) {
  return (
    <span className="inline-flex gap-1">
      <button
        type="button"
        className="button-secondary px-2"
        aria-label={`Move ${name} up`}
        disabled={disabled || index === 0}
        onClick={() => onMove(index - 1)}
      >
        ↑
      </button>
      <button
        type="button"
        className="button-secondary px-2"
        aria-label={`Move ${name} down`}
        disabled={disabled || index >= count - 1}
        onClick={() => onMove(index + 1)}
      >
        ↓
      </button>
    </span>
  );
}
