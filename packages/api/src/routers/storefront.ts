import { getProductByHandle, listProducts, listRegionCountries, listRegions } from '@shop/core';
import {
  zProductByHandleInput,
  zProductDetail,
  zProductList,
  zProductListInput,
  zRegion,
  zRegionCode,
} from '@shop/validators';
import { z } from 'zod';
import { publicProcedure, router } from '../trpc/storefront';
import { storefrontAccountRouter } from './storefront-account';
import { storefrontListingRouter } from './storefront-listing';
import { storefrontRelatedRouter } from './storefront-related';
import { storefrontSearchRouter } from './storefront-search';
import {
  storefrontCartRouter,
  storefrontCheckoutRouter,
  storefrontOrdersRouter,
} from './storefront-cart';

export const storefrontRouter = router({
  listing: storefrontListingRouter,
  search: storefrontSearchRouter,
  related: storefrontRelatedRouter,
  cart: storefrontCartRouter,
  checkout: storefrontCheckoutRouter,
  orders: storefrontOrdersRouter,
  account: storefrontAccountRouter,
  catalog: router({
    listProducts: publicProcedure
      .input(zProductListInput)
      .output(zProductList)
      .query(({ ctx, input }) => listProducts(ctx.readDb, input)),
    productByHandle: publicProcedure
      .input(zProductByHandleInput)
      .output(zProductDetail)
      .query(({ ctx, input }) => getProductByHandle(ctx.readDb, input)),
    regions: publicProcedure.output(z.array(zRegion)).query(({ ctx }) => listRegions(ctx.readDb)),
    /** The countries a region ships to (the checkout's Country select). */
    regionCountries: publicProcedure
      .input(z.object({ region: zRegionCode }))
      .output(z.array(z.string().length(2)))
      .query(({ ctx, input }) => listRegionCountries(ctx.readDb, input.region)),
  }),
});
