import { devCluster, ensurePostgres, stopPostgres } from './index';

const command = process.argv[2];

if (command === 'up') {
  const pg = await ensurePostgres(devCluster, { pin: true });
  console.log(`Postgres is running: ${pg.urlFor('shop')}`);
  console.log('Stop it with `pnpm services:down`.');
} else if (command === 'down') {
  const stopped = await stopPostgres(devCluster);
  console.log(stopped ? 'Postgres stopped.' : 'Postgres was not running.');
} else {
  console.error('Usage: services up | down');
  process.exit(2);
}
