import type { AddressSnapshot } from '@shop/db/schema';

/**
 * The one test shipping address (United States, the seed's `us` region), for every harness
 * that fills a cart: the core's (`test/shop.ts`), the runtime's `readyTestCart`, the worker's
 * fixtures and the bench. Exported as `@shop/core/testing` because the runtime's harness cannot
 * reach into the core's test folder.
 */
export const TEST_ADDRESS: AddressSnapshot = {
  firstName: 'Ada',
  lastName: 'Lovelace',
  line1: '1 Main Street',
  line2: '',
  city: 'Springfield',
  postalCode: '12345',
  province: 'IL',
  countryCode: 'US',
  phone: '',
};
