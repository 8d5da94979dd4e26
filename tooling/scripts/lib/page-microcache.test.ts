import http from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  cacheableFor,
  createPageMicrocache,
  readMicrocacheTtl,
  type PageMicrocache,
} from './page-microcache';

const PAGE = 'public, s-maxage=3600, stale-while-revalidate=60';

/** What the fake app answers for a path; `calls` counts what reached it. */
interface Answer {
  status?: number;
  headers?: http.OutgoingHttpHeaders;
  body?: string;
  /** Send headers through writeHead(status, headers), as some Next paths do. */
  viaWriteHead?: boolean;
  /** Wait this long before ending (to overlap a revalidation). */
  delayMs?: number;
  /** Write half the page, then drop the connection. */
  cut?: boolean;
}

describe('the page microcache in front of Next', () => {
  const answers = new Map<string, Answer>();
  const calls = new Map<string, number>();
  let clock = 0;
  let cache: PageMicrocache;
  let server: http.Server;
  let base = '';

  const app = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const pathname = (req.url ?? '/').split('?')[0] ?? '/';
    calls.set(pathname, (calls.get(pathname) ?? 0) + 1);
    if (pathname === '/api/revalidate') {
      const ok = req.headers['x-good'] === '1';
      res.writeHead(ok ? 200 : 401).end(ok ? 'ok' : 'no');
      return;
    }
    const answer = answers.get(pathname) ?? { status: 404, body: 'not found' };
    const n = calls.get(pathname) ?? 0;
    const body = `${answer.body ?? ''} #${n}`;
    const send = () => {
      if (answer.viaWriteHead) {
        res.writeHead(answer.status ?? 200, { 'content-type': 'text/html', ...answer.headers });
      } else {
        res.statusCode = answer.status ?? 200;
        res.setHeader('content-type', 'text/html');
        for (const [k, v] of Object.entries(answer.headers ?? {})) {
          if (v !== undefined) res.setHeader(k, v);
        }
      }
      // Two writes, a string then bytes, as a streamed render would.
      res.write(body.slice(0, 3));
      if (answer.cut) {
        // As a render that fails mid-stream: the connection goes, and the rest is still ended.
        res.destroy();
        res.end(Buffer.from(body.slice(3)));
        return;
      }
      res.end(Buffer.from(body.slice(3)));
    };
    if (answer.delayMs) setTimeout(send, answer.delayMs);
    else send();
  };

  beforeAll(async () => {
    server = http.createServer((req, res) => cache.wrap(app)(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));
  beforeEach(() => {
    answers.clear();
    calls.clear();
    clock = 1_000_000;
    cache = createPageMicrocache({ ttlMs: 1000, maxEntries: 3, now: () => clock });
  });

  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${base}${path}`, { headers });

  it('answers a public s-maxage page again, byte for byte, without reaching the app', async () => {
    answers.set('/us/p/a', {
      headers: { 'cache-control': PAGE, 'x-nextjs-cache': 'MISS' },
      body: 'page a',
    });
    const first = await get('/us/p/a');
    expect(await first.text()).toBe('page a #1');
    expect(first.headers.get('x-origin-cache')).toBeNull();
    const second = await get('/us/p/a');
    expect(await second.text()).toBe('page a #1');
    expect(second.headers.get('x-origin-cache')).toBe('HIT');
    expect(second.headers.get('x-nextjs-cache')).toBe('HIT');
    expect(second.headers.get('cache-control')).toBe(PAGE);
    expect(second.headers.get('content-type')).toBe('text/html');
    expect(calls.get('/us/p/a')).toBe(1);
    // HEAD is answered from the same copy, without a body.
    const head = await fetch(`${base}/us/p/a`, { method: 'HEAD' });
    expect(head.headers.get('x-origin-cache')).toBe('HIT');
    expect(await head.text()).toBe('');
    expect(calls.get('/us/p/a')).toBe(1);
  });

  it('keeps headers given to writeHead too', async () => {
    answers.set('/us/c/x', {
      headers: { 'cache-control': PAGE, 'cache-tag': 'catalog' },
      viaWriteHead: true,
      body: 'list',
    });
    await (await get('/us/c/x')).text();
    const hit = await get('/us/c/x');
    expect(hit.headers.get('x-origin-cache')).toBe('HIT');
    expect(hit.headers.get('cache-tag')).toBe('catalog');
    expect(hit.headers.get('content-type')).toBe('text/html');
    expect(await hit.text()).toBe('list #1');
  });

  it('asks the app again once the copy is older than its lifetime', async () => {
    answers.set('/us/p/b', { headers: { 'cache-control': PAGE }, body: 'b' });
    await (await get('/us/p/b')).text();
    clock += 999;
    expect(await (await get('/us/p/b')).text()).toBe('b #1');
    clock += 2;
    expect(await (await get('/us/p/b')).text()).toBe('b #2');
  });

  it.each<[string, Answer, Record<string, string>?]>([
    ['private', { headers: { 'cache-control': 'private, no-store' } }],
    ['no s-maxage', { headers: { 'cache-control': 'public, max-age=60' } }],
    ['s-maxage=0', { headers: { 'cache-control': 'public, s-maxage=0' } }],
    ['a cookie set', { headers: { 'cache-control': PAGE, 'set-cookie': 'a=1' } }],
    ['not 200', { status: 404, headers: { 'cache-control': PAGE } }],
    ["Next's STALE answer", { headers: { 'cache-control': PAGE, 'x-nextjs-cache': 'STALE' } }],
    ['a Vary on Cookie', { headers: { 'cache-control': PAGE, vary: 'Accept-Encoding, Cookie' } }],
    ['an RSC request', { headers: { 'cache-control': PAGE } }, { rsc: '1' }],
    ['a prefetch', { headers: { 'cache-control': PAGE } }, { 'next-router-prefetch': '1' }],
    ['a Range request', { headers: { 'cache-control': PAGE } }, { range: 'bytes=0-1' }],
    [
      'an authorised request',
      { headers: { 'cache-control': PAGE } },
      { authorization: 'Bearer x' },
    ],
  ])('never keeps a response with %s', async (_name, answer, headers) => {
    answers.set('/us/p/c', { ...answer, body: 'c' });
    await (await get('/us/p/c', headers)).text();
    const again = await get('/us/p/c', headers);
    expect(again.headers.get('x-origin-cache')).toBeNull();
    expect(calls.get('/us/p/c')).toBe(2);
  });

  it('never keeps /api, /_next or an _rsc request', async () => {
    for (const path of ['/api/trpc/x', '/_next/static/a.js', '/us/p/d?_rsc=abc']) {
      answers.set(path.split('?')[0] ?? path, { headers: { 'cache-control': PAGE }, body: 'x' });
      await (await get(path)).text();
      expect((await get(path)).headers.get('x-origin-cache')).toBeNull();
    }
    expect(cache.size).toBe(0);
  });

  it('keys on the query and on Accept-Encoding', async () => {
    answers.set('/us/p/e', {
      headers: { 'cache-control': PAGE, vary: 'RSC, Next-Router-State-Tree, Accept-Encoding' },
      body: 'e',
    });
    await (await get('/us/p/e?utm_source=a', { 'accept-encoding': 'gzip' })).arrayBuffer();
    expect(
      (await get('/us/p/e?utm_source=b', { 'accept-encoding': 'gzip' })).headers.get(
        'x-origin-cache',
      ),
    ).toBeNull();
    expect(
      (await get('/us/p/e?utm_source=a', { 'accept-encoding': 'identity' })).headers.get(
        'x-origin-cache',
      ),
    ).toBeNull();
    expect(
      (await get('/us/p/e?utm_source=a', { 'accept-encoding': 'gzip' })).headers.get(
        'x-origin-cache',
      ),
    ).toBe('HIT');
  });

  it('is emptied by a revalidation the app accepted, and not by one it refused', async () => {
    answers.set('/us/p/f', { headers: { 'cache-control': PAGE }, body: 'f' });
    await (await get('/us/p/f')).text();
    const refused = await fetch(`${base}/api/revalidate`, { method: 'POST', body: '{}' });
    expect(refused.status).toBe(401);
    expect((await get('/us/p/f')).headers.get('x-origin-cache')).toBe('HIT');
    const accepted = await fetch(`${base}/api/revalidate`, {
      method: 'POST',
      body: '{}',
      headers: { 'x-good': '1' },
    });
    expect(accepted.status).toBe(200);
    expect(cache.size).toBe(0);
    expect(await (await get('/us/p/f')).text()).toBe('f #2');
  });

  it('does not keep a page whose render began before a revalidation', async () => {
    answers.set('/us/p/g', { headers: { 'cache-control': PAGE }, body: 'g', delayMs: 150 });
    const slow = get('/us/p/g');
    await new Promise((r) => setTimeout(r, 30));
    await fetch(`${base}/api/revalidate`, {
      method: 'POST',
      body: '{}',
      headers: { 'x-good': '1' },
    });
    expect(await (await slow).text()).toBe('g #1');
    expect(cache.size).toBe(0);
  });

  it('never keeps a page cut short', async () => {
    answers.set('/us/p/cut', { headers: { 'cache-control': PAGE }, body: 'cut page', cut: true });
    await expect(get('/us/p/cut').then((r) => r.text())).rejects.toThrow();
    expect(cache.size).toBe(0);
  });

  it('holds at most maxEntries pages, dropping the least recently used', async () => {
    for (const h of ['h1', 'h2', 'h3']) {
      answers.set(`/us/p/${h}`, { headers: { 'cache-control': PAGE }, body: h });
      await (await get(`/us/p/${h}`)).text();
    }
    await (await get('/us/p/h1')).text(); // h1 used again: h2 is now the oldest
    answers.set('/us/p/h4', { headers: { 'cache-control': PAGE }, body: 'h4' });
    await (await get('/us/p/h4')).text();
    expect(cache.size).toBe(3);
    expect((await get('/us/p/h2')).headers.get('x-origin-cache')).toBeNull();
    expect((await get('/us/p/h1')).headers.get('x-origin-cache')).toBe('HIT');
  });

  it('is off with a lifetime of 0', async () => {
    cache = createPageMicrocache({ ttlMs: 0 });
    answers.set('/us/p/i', { headers: { 'cache-control': PAGE }, body: 'i' });
    await (await get('/us/p/i')).text();
    expect(await (await get('/us/p/i')).text()).toBe('i #2');
  });
});

describe('cacheableFor and ORIGIN_PAGE_CACHE_MS', () => {
  it('gives the s-maxage of a page that may be kept', () => {
    expect(cacheableFor(200, { 'cache-control': PAGE })).toBe(3600);
    expect(cacheableFor(200, { 'cache-control': 'public, s-maxage=10, no-cache' })).toBeNull();
  });

  it('reads the lifetime, refusing what is not a number of milliseconds up to a minute', () => {
    expect(readMicrocacheTtl(undefined)).toBe(1000);
    expect(readMicrocacheTtl('')).toBe(1000);
    expect(readMicrocacheTtl('0')).toBe(0);
    expect(readMicrocacheTtl('250')).toBe(250);
    expect(() => readMicrocacheTtl('1s')).toThrow(/ORIGIN_PAGE_CACHE_MS must be a whole number/);
    expect(() => readMicrocacheTtl('60001')).toThrow(/from 0 to 60000/);
  });
});
