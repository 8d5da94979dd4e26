/**
 * The `fetch` the bundled page cache handler calls (esbuild `inject`, build-cache-handler.mjs):
 * Next's own, unpatched one. Next patches the global `fetch` to track and cache the fetches a
 * render makes; the handler's Redis calls (@upstash/redis over HTTP, `cache: 'no-store'`) run
 * inside renders (an `unstable_cache` read during a regeneration), where a tracked no-store
 * fetch turns a static page dynamic and fails it ("Page changed from static to dynamic at
 * runtime"). Those calls are the cache's own plumbing, not the page's data.
 */
export function fetch(input, init) {
  const current = globalThis.fetch;
  return (current._nextOriginalFetch ?? current)(input, init);
}
