export { createMemoryCache, type MemoryCacheOptions } from './memory';
export { readRedisEnv, type RedisConfig } from './env';
export { createRedisClient } from './redis-client';
