import { rebuildTemplate, releaseTestServer } from '@shop/services/testing';

/** Starts (or joins) the embedded test cluster and rebuilds the migrated template once per run. */
export async function setup() {
  await rebuildTemplate();
  return async () => {
    await releaseTestServer();
  };
}
