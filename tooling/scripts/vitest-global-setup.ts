import { startRedisWithBridge } from '@shop/services';
import { rebuildTemplate, releaseTestServer } from '@shop/services/testing';

/**
 * Starts (or joins) the embedded test cluster and rebuilds the migrated template once per run.
 * When redis-server is installed, also a throwaway Redis behind the REST bridge, for the tests
 * that run against Redis with the real SDK: SHOP_TEST_REDIS_REST_URL and _TOKEN (unless given).
 */
export async function setup() {
  await rebuildTemplate();
  const redis = process.env.SHOP_TEST_REDIS_REST_URL ? null : await startRedisWithBridge();
  if (redis) {
    process.env.SHOP_TEST_REDIS_REST_URL = redis.url;
    process.env.SHOP_TEST_REDIS_REST_TOKEN = redis.token;
  }
  return async () => {
    await redis?.stop();
    await releaseTestServer();
  };
}
