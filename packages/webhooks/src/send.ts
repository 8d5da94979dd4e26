import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { allowedAddresses, bareHostname, type AllowList, type Resolve } from './addresses';

/** The most of a receiver's answer kept for the log. */
export const RESPONSE_BODY_BYTES = 4096;

export interface SendRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  allowList: AllowList;
  resolve: Resolve;
}

export interface SendResult {
  /** Null: no HTTP answer (refused, timed out, address not allowed). */
  statusCode: number | null;
  latencyMs: number;
  /** Why the attempt failed, as a sentence; null on a 2xx. */
  error: string | null;
  /** The answer's first `RESPONSE_BODY_BYTES` bytes. */
  responseBody: string | null;
}

/**
 * The resolver node:http connects with: every address it hands back passed `allowedAddresses`,
 * so the check is made on what the socket will actually connect to, at connect time (a name
 * that resolved to a public address at registration and to 127.0.0.1 now is refused now).
 */
function guardedLookup(allowList: AllowList, resolve: Resolve): LookupFunction {
  return (hostname, options, callback) => {
    allowedAddresses(hostname, allowList, resolve).then(
      (addresses) => {
        const family = typeof options === 'object' ? options.family : undefined;
        const wanted =
          family === 4 || family === 6 ? addresses.filter((a) => a.family === family) : addresses;
        const list = wanted.length > 0 ? wanted : addresses;
        if (typeof options === 'object' && options.all) {
          callback(null, list);
        } else {
          const [first] = list;
          if (first) callback(null, first.address, first.family);
          else callback(new Error(`${hostname} has no address`), '', 0);
        }
      },
      (err: unknown) => callback(err as NodeJS.ErrnoException, '', 0),
    );
  };
}

function errorText(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const code = (err as NodeJS.ErrnoException).code;
  return code && !err.message.includes(code) ? `${err.message} (${code})` : err.message;
}

/**
 * One POST, never more: no redirect is followed (a 3xx is a failure, since following it would
 * send the signed body where nobody registered), no retry. Resolves, never rejects: every
 * failure is a `SendResult` with its reason. The whole exchange, answer included, is bounded by
 * `timeoutMs`; at most `RESPONSE_BODY_BYTES` of the answer are read.
 */
export async function sendWebhook(request: SendRequest): Promise<SendResult> {
  const started = performance.now();
  const latency = () => Math.round(performance.now() - started);
  let url: URL;
  try {
    url = new URL(request.url);
    // node:http does not look up an IP literal, so the literal is checked here.
    await allowedAddresses(bareHostname(url), request.allowList, request.resolve);
  } catch (err) {
    return { statusCode: null, latencyMs: latency(), error: errorText(err), responseBody: null };
  }
  const client = url.protocol === 'https:' ? https : http;
  return new Promise<SendResult>((resolve) => {
    let settled = false;
    const finish = (result: Omit<SendResult, 'latencyMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      resolve({ ...result, latencyMs: latency() });
    };
    const req = client.request(url, {
      method: 'POST',
      headers: { ...request.headers, 'content-length': String(Buffer.byteLength(request.body)) },
      lookup: guardedLookup(request.allowList, request.resolve),
      agent: false,
    });
    const timer = setTimeout(
      () =>
        finish({
          statusCode: null,
          error: `No answer within ${request.timeoutMs} ms.`,
          responseBody: null,
        }),
      request.timeoutMs,
    );
    req.on('error', (err) =>
      finish({ statusCode: null, error: errorText(err), responseBody: null }),
    );
    req.on('response', (res) => {
      const statusCode = res.statusCode ?? 0;
      const chunks: Buffer[] = [];
      let size = 0;
      const done = () => {
        // NUL is the one character Postgres text refuses: kept, it would fail the round's
        // transaction at every try, so a receiver could make its deliveries repeat forever.
        const responseBody = Buffer.concat(chunks)
          .subarray(0, RESPONSE_BODY_BYTES)
          .toString('utf8')
          .replaceAll('\u0000', '\uFFFD');
        finish({ statusCode, error: failureOf(statusCode, res.headers.location), responseBody });
      };
      res.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        size += chunk.length;
        if (size >= RESPONSE_BODY_BYTES) done();
      });
      res.on('end', done);
      // The answer was cut off after its status: the status is what counts.
      res.on('error', done);
      res.on('aborted', done);
    });
    req.end(request.body);
  });
}

function failureOf(statusCode: number, location: string | undefined): string | null {
  if (statusCode >= 200 && statusCode < 300) return null;
  if (statusCode >= 300 && statusCode < 400) {
    return `The receiver answered ${statusCode} (a redirect${location ? ` to ${location}` : ''}); redirects are not followed, register the final URL.`;
  }
  return `The receiver answered ${statusCode}.`;
}
