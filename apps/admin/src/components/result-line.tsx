/**
 * The line under a form that a client-side action answered: its sentence, announced politely
 * on success (`role="status"`) or as an alert on a refusal. Nothing before the first answer.
 */
export function ResultLine({ result }: { result: { ok: boolean; message: string } | null }) {
  if (!result) return null;
  return (
    <p role={result.ok ? 'status' : 'alert'} className={result.ok ? 'text-success' : 'field-error'}>
      {result.message}
    </p>
  );
}
