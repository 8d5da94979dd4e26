/**
 * One run per key at a time: a caller asking for a key whose run is in flight gets that run's
 * promise instead of starting another (one miss under load is one `load()` in this process).
 */
export function singleFlight() {
  const running = new Map<string, Promise<unknown>>();
  return {
    run<T>(key: string, fn: () => Promise<T>): Promise<T> {
      const current = running.get(key);
      if (current) return current as Promise<T>;
      const promise = (async () => {
        try {
          return await fn();
        } finally {
          running.delete(key);
        }
      })();
      running.set(key, promise);
      return promise;
    },
  };
}
