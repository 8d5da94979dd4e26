import {
  createLocation,
  createRegion,
  createShippingOption,
  deleteLocation,
  deleteRegion,
  deleteShippingOption,
  listLocationsForAdmin,
  listRegionsForAdmin,
  listShippingOptionsForAdmin,
  moveShippingOption,
  renameLocation,
  setCountryTaxRate,
  setRegionCountries,
  updateRegion,
  updateShippingOption,
} from '@shop/core';
import {
  zAdminRegion,
  zAdminShippingOption,
  zAdminStockLocation,
  zCountryTaxRateInput,
  zDeleted,
  zId,
  zLocationInput,
  zLocationRenameInput,
  zRegionCountriesInput,
  zRegionInput,
  zRegionUpdateInput,
  zShippingOptionInput,
  zShippingOptionListInput,
  zShippingOptionMoveInput,
  zShippingOptionUpdateInput,
} from '@shop/validators';
import { z } from 'zod';
import { router, staffProcedure } from '../trpc/admin';

/** Reads and writes alike: these pages are the settings of owners and managers. */
const settings = () => staffProcedure('settings:write');
const byId = z.object({ id: zId });

/**
 * `admin.settings.*`: regions and currencies, tax rates, shipping options, stock locations.
 * Each write is one transaction that records its before and after (`ctx.audit`); a second
 * submit of a create meets the first one (CONFLICT with a sentence), and a delete of something
 * still in use is refused with what uses it.
 */
export const adminSettingsRouter = router({
  regions: router({
    list: settings()
      .output(z.array(zAdminRegion))
      .query(({ ctx }) => listRegionsForAdmin(ctx.db)),
    create: settings()
      .input(zRegionInput)
      .output(zAdminRegion)
      .mutation(({ ctx, input }) => createRegion(ctx.db, input, { audit: ctx.audit })),
    update: settings()
      .input(zRegionUpdateInput)
      .output(zAdminRegion)
      .mutation(({ ctx, input }) => updateRegion(ctx.db, input, { audit: ctx.audit })),
    delete: settings()
      .input(byId)
      .output(zDeleted)
      .mutation(({ ctx, input }) => deleteRegion(ctx.db, input, { audit: ctx.audit })),
    setCountries: settings()
      .input(zRegionCountriesInput)
      .output(zAdminRegion)
      .mutation(({ ctx, input }) => setRegionCountries(ctx.db, input, { audit: ctx.audit })),
    /** A country's own tax rate, or null to use its region's again. */
    setCountryTaxRate: settings()
      .input(zCountryTaxRateInput)
      .output(zAdminRegion)
      .mutation(({ ctx, input }) => setCountryTaxRate(ctx.db, input, { audit: ctx.audit })),
  }),
  shipping: router({
    list: settings()
      .input(zShippingOptionListInput)
      .output(z.array(zAdminShippingOption))
      .query(({ ctx, input }) => listShippingOptionsForAdmin(ctx.db, input)),
    create: settings()
      .input(zShippingOptionInput)
      .output(zAdminShippingOption)
      .mutation(({ ctx, input }) => createShippingOption(ctx.db, input, { audit: ctx.audit })),
    update: settings()
      .input(zShippingOptionUpdateInput)
      .output(zAdminShippingOption)
      .mutation(({ ctx, input }) => updateShippingOption(ctx.db, input, { audit: ctx.audit })),
    /** One place up or down the region's list; answers the region's options in their new order. */
    move: settings()
      .input(zShippingOptionMoveInput)
      .output(z.array(zAdminShippingOption))
      .mutation(({ ctx, input }) => moveShippingOption(ctx.db, input, { audit: ctx.audit })),
    delete: settings()
      .input(byId)
      .output(zDeleted)
      .mutation(({ ctx, input }) => deleteShippingOption(ctx.db, input, { audit: ctx.audit })),
  }),
  locations: router({
    list: settings()
      .output(z.array(zAdminStockLocation))
      .query(({ ctx }) => listLocationsForAdmin(ctx.db)),
    create: settings()
      .input(zLocationInput)
      .output(zAdminStockLocation)
      .mutation(({ ctx, input }) => createLocation(ctx.db, input, { audit: ctx.audit })),
    /** Renames a location (its code stays). */
    update: settings()
      .input(zLocationRenameInput)
      .output(zAdminStockLocation)
      .mutation(({ ctx, input }) => renameLocation(ctx.db, input, { audit: ctx.audit })),
    delete: settings()
      .input(byId)
      .output(zDeleted)
      .mutation(({ ctx, input }) => deleteLocation(ctx.db, input, { audit: ctx.audit })),
  }),
});
