export { fakeRedis } from './fake-redis';
export { readTestRedisBridge as testRedisBridge } from './env';
