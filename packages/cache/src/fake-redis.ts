import type { RedisCommands } from './redis';

/**
 * An in-memory stand-in for the Redis commands the driver uses (tests): it counts calls, and can
 * be switched to failing (`down`: every call rejects) or hanging (`hang`: no call answers), as
 * a dead or unreachable Redis would.
 */
export function fakeRedis(now: () => number = Date.now) {
  const store = new Map<string, { value: string; expiresAt: number }>();
  let mode: 'up' | 'down' | 'hang' = 'up';
  const fake = {
    calls: 0,
    store,
    setMode(next: 'up' | 'down' | 'hang') {
      mode = next;
    },
    commands: {} as RedisCommands,
  };
  const live = (key: string) => {
    const item = store.get(key);
    if (item && item.expiresAt <= now()) store.delete(key);
    return store.get(key)?.value ?? null;
  };
  const run = <T>(fn: () => T): Promise<T> => {
    fake.calls++;
    if (mode === 'down') return Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6379'));
    if (mode === 'hang') return new Promise<T>(() => undefined);
    return Promise.resolve().then(fn);
  };
  fake.commands = {
    mget: (keys) => run(() => keys.map(live)),
    set: (key, value, ttlMs) =>
      run(() => {
        store.set(key, { value, expiresAt: now() + ttlMs });
      }),
    del: (key) =>
      run(() => {
        store.delete(key);
      }),
    incr: (keys) =>
      run(() => {
        for (const key of keys) {
          const n = Number(live(key) ?? 0) + 1;
          store.set(key, { value: String(n), expiresAt: Infinity });
        }
      }),
  };
  return fake;
}
