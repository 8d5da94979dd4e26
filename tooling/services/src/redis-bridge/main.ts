/**
 * The REST bridge as a process of its own (`pnpm services:up` runs it detached): reads
 * REDIS_BRIDGE_REDIS_URL, REDIS_BRIDGE_TOKEN and REDIS_BRIDGE_PORT, serves until SIGTERM.
 */
import { startRedisBridgeServer } from './server';

const redisUrl = process.env.REDIS_BRIDGE_REDIS_URL;
const token = process.env.REDIS_BRIDGE_TOKEN;
const port = Number(process.env.REDIS_BRIDGE_PORT ?? 0);
if (!redisUrl || !token) {
  console.error('Set REDIS_BRIDGE_REDIS_URL and REDIS_BRIDGE_TOKEN.');
  process.exit(2);
}
const bridge = await startRedisBridgeServer({ redisUrl, token, port });
console.log(`Redis REST bridge on ${bridge.url} in front of ${redisUrl}`);
const stop = () => void bridge.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
