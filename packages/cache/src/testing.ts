export { closedPort } from './closed-port';
export { fakeRedis } from './fake-redis';
export { readTestRedisBridge as testRedisBridge } from './env';
