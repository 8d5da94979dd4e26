export { createConfiguredCache, type ConfiguredCacheOptions } from './configured';
export { createMemoryCache, type CacheRead, type MemoryCacheOptions } from './memory';
export {
  createRedisCache,
  upstashCommands,
  type RedisCacheOptions,
  type RedisCommands,
} from './redis';
export { readRedisEnv, type RedisConfig } from './env';
export { createRedisClient } from './redis-client';
