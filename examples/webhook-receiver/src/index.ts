import http from 'node:http';
import { pathToFileURL } from 'node:url';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { readReceiverEnv, type ReceiverEnv } from './env';

/**
 * A receiver of the shop's webhooks, as small as one can be and still be correct: it verifies
 * the Standard Webhooks signature (`webhook-id`, `webhook-timestamp`, `webhook-signature`
 * headers, the secret shown when the endpoint was created), answers 401 to anything unsigned or
 * stale, and hands each event to `onEvent` once: the shop delivers at least once (a retry after
 * a lost answer, a staff redelivery), always under the same `webhook-id`, so ids already handled
 * are answered 200 and skipped. Copy it, or run it from this folder:
 * `WEBHOOK_SECRET=whsec_… PORT=4000 npx tsx src/index.ts`.
 */

export interface ReceivedEvent {
  /** The `webhook-id`: the same on every retry of one delivery. */
  id: string;
  type: string;
  timestamp: string;
  data: unknown;
}

export interface ReceiverOptions {
  /** The endpoint's secret, `whsec_…`. */
  secret: string;
  /** Called once per `webhook-id`; a throw answers 500, so the shop tries again later. */
  onEvent: (event: ReceivedEvent) => void | Promise<void>;
  /** Ids remembered for deduplication (default 10,000; the oldest are forgotten first). */
  rememberIds?: number;
  /** Bodies larger than this are refused with 413 (default 1 MB). */
  maxBodyBytes?: number;
}

function readBody(req: http.IncomingMessage, limit: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        resolve(null);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function headerValue(req: http.IncomingMessage, name: string): string {
  const value = req.headers[name];
  return Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
}

/** The receiver as a `node:http` server (not listening yet: call `listen`). */
export function createReceiver(options: ReceiverOptions): http.Server {
  const webhook = new Webhook(options.secret);
  const seen = new Set<string>();
  const remember = options.rememberIds ?? 10_000;
  const handled = (id: string) => {
    seen.add(id);
    if (seen.size > remember) {
      const [oldest] = seen;
      if (oldest !== undefined) seen.delete(oldest);
    }
  };
  const answer = (res: http.ServerResponse, status: number, text: string) => {
    res.writeHead(status, { 'content-type': 'text/plain' }).end(text);
  };

  return http.createServer((req, res) => {
    void (async () => {
      if (req.method !== 'POST') return answer(res, 405, 'POST only');
      const body = await readBody(req, options.maxBodyBytes ?? 1_000_000);
      if (body === null) return answer(res, 413, 'body too large');
      const headers = {
        'webhook-id': headerValue(req, 'webhook-id'),
        'webhook-timestamp': headerValue(req, 'webhook-timestamp'),
        'webhook-signature': headerValue(req, 'webhook-signature'),
      };
      let event: Omit<ReceivedEvent, 'id'>;
      try {
        event = webhook.verify(body, headers) as Omit<ReceivedEvent, 'id'>;
      } catch (err) {
        if (err instanceof WebhookVerificationError) return answer(res, 401, err.message);
        throw err;
      }
      const id = headers['webhook-id'];
      if (seen.has(id)) return answer(res, 200, 'already received');
      try {
        await options.onEvent({
          id,
          type: event.type,
          timestamp: event.timestamp,
          data: event.data,
        });
      } catch {
        return answer(res, 500, 'could not handle the event');
      }
      handled(id);
      answer(res, 200, 'ok');
    })().catch(() => answer(res, 500, 'error'));
  });
}

/** Runs the receiver on `PORT` with `WEBHOOK_SECRET` (see `./env`), one JSON line per event. */
export function main(env: ReceiverEnv = readReceiverEnv()): http.Server {
  const server = createReceiver({
    secret: env.WEBHOOK_SECRET,
    onEvent: (event) => {
      console.log(JSON.stringify(event));
    },
  });
  server.listen(env.PORT, () =>
    console.log(`webhook receiver listening on http://localhost:${env.PORT}`),
  );
  return server;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
