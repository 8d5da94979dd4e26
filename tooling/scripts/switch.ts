/**
 * `pnpm shop:switch <name> [on|off]`: turns a storefront degradation switch on or off (the
 * `shop_switches` table) on DATABASE_URL, or the embedded dev database when it is not set; without
 * a state it prints the switch's current one. Every storefront process sees the change within a
 * few seconds (they cache a switch that long), with no restart or redeploy.
 *
 * Switches:
 * - `related_products`: the product page's "Similar items" and "Often bought together". Off, the
 *   blocks are left out and nothing is read for them: for a shop under pressure.
 */
import { readSwitch, RELATED_PRODUCTS_SWITCH, setSwitch, SWITCH_MAX_AGE_MS } from '@shop/search';
import { devCluster } from '@shop/services';
import { isConfigError, withMigratedDatabase } from './lib/database';
import { bold, fail, runMain, step } from './lib/log';

const SWITCHES = [RELATED_PRODUCTS_SWITCH] as const;
const USAGE = `Usage: pnpm shop:switch <${SWITCHES.join('|')}> [on|off]`;

runMain(async () => {
  const [name, state, ...rest] = process.argv.slice(2);
  if (name === undefined || rest.length > 0) fail(USAGE);
  if (!(SWITCHES as readonly string[]).includes(name)) {
    fail(`Unknown switch "${name}"; the switches are: ${SWITCHES.join(', ')}.`);
  }
  if (state !== undefined && state !== 'on' && state !== 'off') {
    fail(`A switch is turned "on" or "off", not "${state}". ${USAGE}`);
  }
  await withMigratedDatabase(devCluster, 'shop', async (db) => {
    if (state !== undefined) {
      await setSwitch(db, name, state === 'on');
      step(
        `${bold(name)} is ${bold(state)}; storefronts follow within ${SWITCH_MAX_AGE_MS / 1000} s.`,
      );
    } else {
      step(`${bold(name)} is ${bold((await readSwitch(db, name)) ? 'on' : 'off')}.`);
    }
  });
}, isConfigError);
