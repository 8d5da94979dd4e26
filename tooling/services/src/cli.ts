import {
  devCluster,
  devRedis,
  ensurePostgres,
  startPinnedRedis,
  stopPinnedRedis,
  stopPostgres,
} from './index';
import { devReplicaOf, startReplica, stopReplica } from './replica';

const command = process.argv[2];

if (command === 'up') {
  const pg = await ensurePostgres(devCluster, { pin: true });
  console.log(`Postgres is running: ${pg.urlFor('shop')}`);
  if (process.argv.includes('--replica')) {
    const replica = await startReplica(devReplicaOf(devCluster), { pin: true });
    console.log(`Its streaming replica is running: DATABASE_READ_URL=${replica.urlFor('shop')}`);
  }
  const redis = await startPinnedRedis(devRedis);
  if (redis) {
    console.log(`Redis is running: ${redis.redisUrl}, through its REST bridge:`);
    console.log(`  UPSTASH_REDIS_REST_URL=${redis.url}`);
    console.log(`  UPSTASH_REDIS_REST_TOKEN=${redis.token}`);
  } else console.log('Redis: redis-server is not installed; the shop uses its in-process cache.');
  console.log('Stop them with `pnpm services:down`.');
} else if (command === 'down') {
  if (await stopReplica(devReplicaOf(devCluster))) console.log('Postgres replica stopped.');
  const stopped = await stopPostgres(devCluster);
  console.log(stopped ? 'Postgres stopped.' : 'Postgres was not running.');
  console.log((await stopPinnedRedis(devRedis)) ? 'Redis stopped.' : 'Redis was not running.');
} else {
  console.error('Usage: services up [--replica] | down');
  process.exit(2);
}
