import { TimeoutError, withTimeout } from './metrics';

/** One dependency's probe: resolves when the dependency answers (its value may add details). */
export interface ReadyCheck {
  run: () => Promise<Record<string, unknown> | void>;
  /**
   * Whether the process cannot serve without it (default true): a failed required check makes
   * the answer 503; a failed optional one (a cache or search engine the shop falls back from) is
   * reported as `degraded` with 200.
   */
  required?: boolean;
}

export interface CheckResult {
  ok: boolean;
  /** Milliseconds the probe took (up to the timeout). */
  ms: number;
  required: boolean;
  /** Why it failed: a timeout or the error's name and code, never a driver's message. */
  error?: string;
  [detail: string]: unknown;
}

export interface ReadyReport {
  /** `ok`: all answer; `degraded`: an optional one failed (still 200); `fail`: a required one did. */
  status: 'ok' | 'degraded' | 'fail';
  /** The dependencies that failed, required or not. */
  failed: string[];
  checks: Record<string, CheckResult>;
}

/** Each check's timeout unless told (ms): a readiness probe must answer within a few seconds. */
export const READY_TIMEOUT_MS = 1_000;

/** A failure's short, safe description: no message text (it may hold a host or a password). */
function describe(err: unknown): string {
  if (err instanceof TimeoutError) return err.message;
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return typeof code === 'string' || typeof code === 'number'
      ? `${err.name} (${code})`
      : err.name;
  }
  return 'failed';
}

/**
 * Runs every check at once, each within `timeoutMs`, and aggregates: the whole answer takes about
 * the slowest check, never more than the timeout. `onFailure` hears each failure with its error
 * (the app's logger), since the answer only names it.
 */
export async function readyChecks(
  checks: Record<string, ReadyCheck>,
  options: { timeoutMs?: number; onFailure?: (name: string, err: unknown) => void } = {},
): Promise<ReadyReport> {
  const timeoutMs = options.timeoutMs ?? READY_TIMEOUT_MS;
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]): Promise<[string, CheckResult]> => {
      const required = check.required ?? true;
      const started = performance.now();
      const ms = () => Math.round(performance.now() - started);
      try {
        const details = (await withTimeout(Promise.resolve().then(check.run), timeoutMs)) ?? {};
        return [name, { ...details, ok: true, ms: ms(), required }];
      } catch (err) {
        options.onFailure?.(name, err);
        return [name, { ok: false, ms: ms(), required, error: describe(err) }];
      }
    }),
  );
  const results = Object.fromEntries(entries);
  const failed = entries.filter(([, r]) => !r.ok).map(([name]) => name);
  const requiredFailed = entries.some(([, r]) => !r.ok && r.required);
  return {
    status: requiredFailed ? 'fail' : failed.length > 0 ? 'degraded' : 'ok',
    failed,
    checks: results,
  };
}

/** The report as the HTTP answer: 503 when a required dependency failed, else 200; never cached. */
export function readyResponse(report: ReadyReport): Response {
  return Response.json(report, {
    status: report.status === 'fail' ? 503 : 200,
    headers: { 'cache-control': 'no-store' },
  });
}
