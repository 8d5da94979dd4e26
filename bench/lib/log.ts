/**
 * stdout carries only the figures (one JSON object per line), so that `pnpm bench > out.jsonl`
 * is machine-readable; everything meant for a person goes to stderr.
 */
export function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

/** Writes one result line: `{"bench":"<name>", ...figures}`. */
export function emitFigures(bench: string, figures: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify({ bench, ...figures })}\n`);
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Rounds to `digits` decimals: figures are read by people, not fed back into maths. */
export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
