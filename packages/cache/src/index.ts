export { createMemoryCache, type MemoryCacheOptions } from './memory';
