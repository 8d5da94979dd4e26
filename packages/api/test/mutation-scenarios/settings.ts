import type { MutationStep, ScenarioContext } from './types';

/**
 * One successful owner call of each `admin.settings.*` mutation: a region of its own (code
 * `scn`, New Zealand dollars, New Zealand as its country), a shipping option there, and a stock
 * location, each created, changed and deleted again; the seeded regions are left as they were.
 */
const regionInput = {
  code: 'scn',
  name: 'Scenario region',
  currencyCode: 'NZD',
  taxInclusive: true,
  taxRateBp: 1500,
};

function idOf(ctx: ScenarioContext, name: string): number {
  const id = ctx.state.get(name);
  if (typeof id !== 'number') throw new Error(`no ${name} from an earlier step`);
  return id;
}

export const steps: MutationStep[] = [
  {
    path: 'admin.settings.regions.create',
    async run(ctx) {
      const region = await ctx.admin.settings.regions.create(regionInput);
      ctx.state.set('settings.regionId', region.id);
      return region;
    },
  },
  {
    path: 'admin.settings.regions.update',
    run: (ctx) =>
      ctx.admin.settings.regions.update({
        id: idOf(ctx, 'settings.regionId'),
        region: { ...regionInput, name: 'Scenario region (renamed)' },
      }),
  },
  {
    path: 'admin.settings.regions.setCountries',
    run: (ctx) =>
      ctx.admin.settings.regions.setCountries({
        regionId: idOf(ctx, 'settings.regionId'),
        countries: ['NZ'],
      }),
  },
  {
    path: 'admin.settings.regions.setCountryTaxRate',
    run: (ctx) =>
      ctx.admin.settings.regions.setCountryTaxRate({ countryCode: 'NZ', taxRateBp: 1250 }),
  },
  {
    path: 'admin.settings.shipping.create',
    async run(ctx) {
      const option = await ctx.admin.settings.shipping.create({
        regionId: idOf(ctx, 'settings.regionId'),
        name: 'Scenario courier',
        type: 'free_over',
        amount: 900,
        freeOverAmount: 10_000,
      });
      ctx.state.set('settings.shippingOptionId', option.id);
      return option;
    },
  },
  {
    path: 'admin.settings.shipping.update',
    run: (ctx) =>
      ctx.admin.settings.shipping.update({
        id: idOf(ctx, 'settings.shippingOptionId'),
        option: { name: 'Scenario courier', type: 'flat', amount: 1200, active: false },
      }),
  },
  {
    path: 'admin.settings.shipping.move',
    run: (ctx) =>
      ctx.admin.settings.shipping.move({
        id: idOf(ctx, 'settings.shippingOptionId'),
        direction: 'up',
      }),
  },
  {
    path: 'admin.settings.shipping.delete',
    run: (ctx) =>
      ctx.admin.settings.shipping.delete({ id: idOf(ctx, 'settings.shippingOptionId') }),
  },
  {
    path: 'admin.settings.regions.delete',
    run: (ctx) => ctx.admin.settings.regions.delete({ id: idOf(ctx, 'settings.regionId') }),
  },
  {
    path: 'admin.settings.locations.create',
    async run(ctx) {
      const location = await ctx.admin.settings.locations.create({
        code: 'scenario-shed',
        name: 'Scenario shed',
      });
      ctx.state.set('settings.locationId', location.id);
      return location;
    },
  },
  {
    path: 'admin.settings.locations.update',
    run: (ctx) =>
      ctx.admin.settings.locations.update({
        id: idOf(ctx, 'settings.locationId'),
        name: 'Scenario shed (renamed)',
      }),
  },
  {
    path: 'admin.settings.locations.delete',
    run: (ctx) => ctx.admin.settings.locations.delete({ id: idOf(ctx, 'settings.locationId') }),
  },
];
