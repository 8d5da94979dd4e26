import { z } from 'zod';

/** A velocity rule: flag once `count` orders share a key within `windowMinutes`. */
const velocity = (count: number, windowMinutes: number) =>
  z
    .strictObject({
      enabled: z.boolean().default(true),
      count: z.number().int().min(2).max(10_000).default(count),
      windowMinutes: z.number().int().min(1).max(43_200).default(windowMinutes),
    })
    .prefault({});

/**
 * The risk rules' thresholds. Every field has a default, so `riskRules()` runs unconfigured; the
 * config file overrides any part (`riskRules({ emailVelocity: { count: 3 } })`) and staff's
 * saved settings override that (`admin.plugins.settings.update`). Unknown keys are refused, so
 * a misspelt setting fails at start instead of being ignored.
 */
export const zRiskSettings = z.strictObject({
  /** Orders from one email address (case-insensitive). */
  emailVelocity: velocity(5, 10),
  /** Orders paid with one card (the provider's fingerprint). */
  cardVelocity: velocity(3, 60),
  /** Orders from one client address (the keyed hash the checkout keeps). */
  clientVelocity: velocity(10, 10),
  /**
   * An order above `multiple` times the shop's average order in its currency over the last
   * `days`, judged only once there are `minOrders` orders to average.
   */
  amount: z
    .strictObject({
      enabled: z.boolean().default(true),
      multiple: z.number().min(1.5).max(1000).default(5),
      minOrders: z.number().int().min(1).max(100_000).default(20),
      days: z.number().int().min(1).max(365).default(30),
    })
    .prefault({}),
  /** The card's issuing country is not the shipping country. */
  countryMismatch: z.boolean().default(true),
  /** A flagged order is also held for review. */
  holdOnFlag: z.boolean().default(true),
});
export type RiskSettings = z.output<typeof zRiskSettings>;
