import { definePlugin } from '@shop/plugins';
import { evaluateRules, loadFacts } from './rules';
import { zRiskSettings } from './settings';

export { zRiskSettings, type RiskSettings } from './settings';

/**
 * Risk rules, the fraud flags the platform ships: velocity by email, card fingerprint and
 * client address; an amount far above the shop's average; the card's country against the
 * shipping country. They run when an order is placed (`order.placed`, in the worker: the card
 * is known only once paid), flag the order with reasons staff can read and, with `holdOnFlag`,
 * hold it for review. Built with the public `definePlugin` API only.
 *
 * `shop.config.ts`: `plugins: [riskRules()]`, or `riskRules({ emailVelocity: { count: 3 } })`.
 */
export const riskRules = definePlugin({
  name: 'risk-rules',
  settings: zRiskSettings,
  events: {
    'order.placed': async (event, ctx) => {
      const facts = await loadFacts(ctx, event.payload.orderId);
      if (!facts) {
        ctx.logger.warn(
          { orderId: event.payload.orderId },
          'order.placed for an order that is gone',
        );
        return;
      }
      const flags = await evaluateRules(ctx.db, facts, ctx.settings);
      if (flags.length === 0) return;
      await ctx.flagOrder(facts.orderId, flags, {
        hold: ctx.settings.holdOnFlag,
        holdReason: flags.map((f) => f.reason).join(' '),
      });
      ctx.logger.info(
        { orderId: facts.orderId, codes: flags.map((f) => f.code) },
        `flagged order #${event.payload.number}`,
      );
    },
  },
});
