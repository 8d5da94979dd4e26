'use client';

export default function AdminError({ reset }: { error: Error; reset: () => void }) {
  return (
    <div role="alert" className="rounded-lg border border-danger bg-danger-soft p-4">
      <p className="font-medium text-danger">Something went wrong loading this page.</p>
      <button type="button" className="button-secondary mt-3" onClick={reset}>
        Try again
      </button>
    </div>
  );
}
