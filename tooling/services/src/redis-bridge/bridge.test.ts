import { randomBytes } from 'node:crypto';
import { Redis } from '@upstash/redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ensureRedis,
  findRedisServer,
  startRedisBridge,
  type RunningBridge,
  type RunningRedis,
} from '../redis';
import { startRedisBridgeServer, type RunningRedisBridge } from './server';

/**
 * The bridge with the real @upstash/redis SDK in front of a real redis-server. These tests run
 * wherever redis-server is installed (CI installs it) and skip, saying so, only where it is not.
 */
const installed = findRedisServer() !== null;
const suite = installed
  ? describe
  : (name: string, fn: () => void) =>
      describe.skip(`${name} (skipped: redis-server is not installed)`, fn);

function client(
  bridge: { url: string },
  token: string,
  options: { responseEncoding?: false } = {},
) {
  return new Redis({ url: bridge.url, token, retry: false, enableTelemetry: false, ...options });
}

const key = (name: string) => `bridge-test:${name}:${randomBytes(4).toString('hex')}`;

async function post(url: string, body: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { method: 'POST', body, headers });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

suite('Redis REST bridge with @upstash/redis and redis-server', () => {
  let redis: RunningRedis;
  let bridge: RunningBridge;
  let sdk: Redis;

  beforeAll(async () => {
    const started = await ensureRedis();
    if (!started) throw new Error('redis-server is installed but did not start');
    redis = started;
    bridge = await startRedisBridge({ redisUrl: redis.url });
    sdk = client(bridge, bridge.token);
  });
  afterAll(async () => {
    await bridge?.stop();
    await redis?.stop();
  });

  it('sets and gets JSON values as the SDK serializes them, and deletes them', async () => {
    const k = key('json');
    const value = { name: 'Tee', price: 1999, tags: ['a', 'b'], nested: { ok: true } };
    expect(await sdk.set(k, value)).toBe('OK');
    expect(await sdk.get(k)).toEqual(value);
    expect(await sdk.get(key('missing'))).toBeNull();
    expect(await sdk.del(k)).toBe(1);
    expect(await sdk.get(k)).toBeNull();
    expect(await sdk.del(k)).toBe(0);
  });

  it('expires keys: SET EX, EXPIRE and TTL', async () => {
    const k = key('ttl');
    await sdk.set(k, 'v', { ex: 100 });
    const ttl = await sdk.ttl(k);
    expect(ttl).toBeGreaterThan(90);
    expect(ttl).toBeLessThanOrEqual(100);
    expect(await sdk.expire(k, 5)).toBe(1);
    expect(await sdk.ttl(k)).toBeLessThanOrEqual(5);
    expect(await sdk.ttl(key('none'))).toBe(-2);
    expect(await sdk.persist(k)).toBe(1);
    expect(await sdk.ttl(k)).toBe(-1);
  });

  it('increments counters (integers come back as numbers)', async () => {
    const k = key('counter');
    expect(await sdk.incr(k)).toBe(1);
    expect(await sdk.incr(k)).toBe(2);
    expect(await sdk.incrby(k, 40)).toBe(42);
    expect(await sdk.get(k)).toBe(42);
  });

  it('runs a pipeline, each command with its own result or error', async () => {
    const k = key('pipe');
    const p = sdk.pipeline();
    p.set(k, 'text');
    p.get(k);
    p.incr(k);
    p.strlen(k);
    const results = await p.exec({ keepErrors: true });
    expect(results.map((r) => r.result)).toEqual(['OK', 'text', undefined, 4]);
    expect(results[2]?.error).toMatch(/ERR value is not an integer/);
    const failing = sdk.pipeline();
    failing.incr(k);
    await expect(failing.exec()).rejects.toThrow(
      /Command 1 \[ incr \] failed: ERR value is not an integer/,
    );
  });

  it('runs multi() as one transaction, and a transaction with a bad command changes nothing', async () => {
    const k = key('tx');
    const tx = sdk.multi();
    tx.set(k, 1);
    tx.incr(k);
    tx.get(k);
    expect(await tx.exec()).toEqual(['OK', 2, 2]);

    // A command Redis refuses to queue aborts the whole transaction.
    const other = key('tx-aborted');
    const aborted = await fetch(`${bridge.url}/multi-exec`, {
      method: 'POST',
      headers: { authorization: `Bearer ${bridge.token}` },
      body: JSON.stringify([
        ['SET', other, 'written?'],
        ['NOSUCHCOMMAND', other],
      ]),
    });
    expect(aborted.status).toBe(400);
    expect(((await aborted.json()) as { error: string }).error).toMatch(
      /EXECABORT.*unknown command/i,
    );
    expect(await sdk.get(other)).toBeNull();
  });

  it('keeps other clients’ commands out of a transaction running at the same time', async () => {
    const k = key('tx-isolated');
    const tx = sdk.multi();
    for (let i = 0; i < 50; i++) tx.rpush(k, `tx-${i}`);
    const both = await Promise.all([
      tx.exec(),
      ...Array.from({ length: 20 }, (_, i) => sdk.rpush(k, `plain-${i}`)),
    ]);
    expect(both[0]).toHaveLength(50);
    const list = await sdk.lrange<string>(k, 0, -1);
    const first = list.indexOf('tx-0');
    expect(list.slice(first, first + 50)).toEqual(Array.from({ length: 50 }, (_, i) => `tx-${i}`));
  });

  it('stores hashes: HSET and HGETALL', async () => {
    const k = key('hash');
    expect(await sdk.hset(k, { title: 'Mug', stock: 3, meta: { colour: 'blue' } })).toBe(3);
    expect(await sdk.hgetall(k)).toEqual({ title: 'Mug', stock: 3, meta: { colour: 'blue' } });
    expect(await sdk.hget(k, 'title')).toBe('Mug');
    expect(await sdk.hgetall(key('no-hash'))).toBeNull();
  });

  it('round-trips unicode and binary-unsafe strings byte for byte (the base64 default)', async () => {
    const k = key('unicode');
    const text = 'zażółć gęślą jaźń — 価格 🦄 "quoted" \\ back\r\nline\u0000nul';
    await sdk.set(k, text);
    expect(await sdk.get(k)).toBe(text);
    expect(await sdk.strlen(k)).toBe(Buffer.byteLength(text));
    expect(await sdk.mget(k, key('none'))).toEqual([text, null]);
    // Plain text that happens to read as base64 too comes back as it was written.
    await sdk.set(k, 'Tee1');
    expect(await sdk.get(k)).toBe('Tee1');
  });

  it('answers in base64 only when the client asks for it', async () => {
    const k = key('encoding');
    await sdk.set(k, 'héllo');
    const auth = { authorization: `Bearer ${bridge.token}` };
    const encoded = await post(bridge.url, JSON.stringify(['GET', k]), {
      ...auth,
      'upstash-encoding': 'base64',
    });
    expect(encoded).toEqual({
      status: 200,
      body: { result: Buffer.from('héllo').toString('base64') },
    });
    const nested = await post(bridge.url, JSON.stringify(['MGET', k, key('none')]), {
      ...auth,
      'upstash-encoding': 'base64',
    });
    expect(nested.body.result).toEqual([Buffer.from('héllo').toString('base64'), null]);
    const counter = await post(bridge.url, JSON.stringify(['INCR', key('n')]), {
      ...auth,
      'upstash-encoding': 'base64',
    });
    expect(counter.body.result).toBe(1);
    const plain = await post(bridge.url, JSON.stringify(['GET', k]), auth);
    expect(plain.body).toEqual({ result: 'héllo' });

    const unencoded = client(bridge, bridge.token, { responseEncoding: false });
    expect(await unencoded.get(k)).toBe('héllo');
    await unencoded.hset(k + ':h', { a: 'ü', n: 7 });
    expect(await unencoded.hgetall(k + ':h')).toEqual({ a: 'ü', n: 7 });
    expect(await unencoded.ping()).toBe('PONG');
    expect(await sdk.ping()).toBe('PONG');
  });

  it('refuses requests without the token or with another one (401)', async () => {
    await expect(client(bridge, 'wrong-token').get('x')).rejects.toThrow(/Unauthorized/);
    await expect(client(bridge, `${bridge.token}x`).set('x', 1)).rejects.toThrow(/Unauthorized/);
    expect(await post(bridge.url, JSON.stringify(['PING']))).toEqual({
      status: 401,
      body: { error: 'Unauthorized' },
    });
    expect(
      (await post(`${bridge.url}/pipeline`, '[["PING"]]', { authorization: 'Basic abc' })).status,
    ).toBe(401);
  });

  it('passes Redis errors through as the SDK expects them', async () => {
    await expect(sdk.exec(['NOSUCHCOMMAND', 'a'])).rejects.toThrow(
      /ERR unknown command 'NOSUCHCOMMAND'/,
    );
    const res = await post(bridge.url, JSON.stringify(['NOSUCHCOMMAND']), {
      authorization: `Bearer ${bridge.token}`,
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(/^ERR unknown command/);
    await expect(sdk.exec(['SUBSCRIBE', 'news'])).rejects.toThrow(/does not run SUBSCRIBE/);
  });

  it('answers a malformed body with 400 and a sentence, and an oversized one with 413', async () => {
    const auth = { authorization: `Bearer ${bridge.token}` };
    expect(await post(bridge.url, '["GET", "k"', auth)).toEqual({
      status: 400,
      body: { error: 'The request body is not valid JSON.' },
    });
    const shape = await post(bridge.url, JSON.stringify({ command: 'GET' }), auth);
    expect(shape.status).toBe(400);
    expect(shape.body.error).toMatch(/must be a JSON array of the command name/);
    expect((await post(bridge.url, JSON.stringify(['SET', 'k', null]), auth)).status).toBe(400);
    expect((await post(`${bridge.url}/pipeline`, JSON.stringify([]), auth)).status).toBe(400);
    expect((await post(`${bridge.url}/pipeline`, JSON.stringify(['GET', 'k']), auth)).status).toBe(
      400,
    );
    const huge = JSON.stringify(['SET', key('huge'), 'x'.repeat(1024 * 1024 + 1)]);
    const tooBig = await post(bridge.url, huge, auth);
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.error).toMatch(/over the 1048576-byte limit/);
    // The bridge still answers afterwards.
    expect(await sdk.ping()).toBe('PONG');
  });
});

suite('Redis REST bridge when redis-server goes away', () => {
  let redis: RunningRedis | null = null;
  let bridge: RunningRedisBridge;
  let sdk: Redis;
  const token = randomBytes(16).toString('hex');

  beforeAll(async () => {
    redis = await ensureRedis();
    if (!redis) throw new Error('redis-server is installed but did not start');
    bridge = await startRedisBridgeServer({ redisUrl: redis.url, token, commandTimeoutMs: 500 });
    sdk = client(bridge, token);
  });
  afterAll(async () => {
    await bridge?.close();
    await redis?.stop();
  });

  async function eventually<T>(fn: () => Promise<T>, ms = 5_000): Promise<T> {
    const end = Date.now() + ms;
    for (;;) {
      try {
        return await fn();
      } catch (err) {
        if (Date.now() > end) throw err;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }

  function current(): RunningRedis & { pid: number } {
    if (!redis?.pid) throw new Error('this test started no redis-server');
    return { ...redis, pid: redis.pid };
  }

  it('answers 503 while Redis is down, keeps running, and recovers on the same port', async () => {
    const running = current();
    const k = key('survive');
    await sdk.set(k, 'before');
    process.kill(running.pid, 'SIGKILL');
    await running.stop();

    await expect(sdk.get(k)).rejects.toThrow(/Redis is unavailable/);
    const down = await post(bridge.url, JSON.stringify(['GET', k]), {
      authorization: `Bearer ${token}`,
    });
    expect(down.status).toBe(503);
    expect(down.body.error).toMatch(/^Redis is unavailable: /);
    const pipeline = sdk.pipeline();
    pipeline.get(k);
    await expect(pipeline.exec()).rejects.toThrow(/Redis is unavailable/);
    await expect(sdk.multi().get(k).exec()).rejects.toThrow(/Redis is unavailable/);
    // Still the bridge answering (its own 401), not a refused connection.
    expect((await post(bridge.url, '["PING"]')).status).toBe(401);

    redis = await ensureRedis({ port: running.port });
    expect(redis?.port).toBe(running.port);
    // Data did not survive (no persistence in tests); the bridge reconnects by itself.
    expect(await eventually(() => sdk.get(k))).toBeNull();
    await sdk.set(k, 'after');
    expect(await sdk.get(k)).toBe('after');
    const tx = sdk.multi();
    tx.get(k);
    expect(await tx.exec()).toEqual(['after']);
  });

  it('answers 503 when Redis stops answering, instead of hanging, and recovers when it resumes', async () => {
    const running = current();
    const k = key('stalled');
    await sdk.set(k, 'v');
    process.kill(running.pid, 'SIGSTOP');
    try {
      const started = Date.now();
      await expect(sdk.get(k)).rejects.toThrow(/did not answer within 500 ms/);
      expect(Date.now() - started).toBeLessThan(3_000);
    } finally {
      process.kill(running.pid, 'SIGCONT');
    }
    expect(await eventually(() => sdk.get(k))).toBe('v');
  });
});
