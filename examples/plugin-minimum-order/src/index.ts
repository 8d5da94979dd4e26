import { formatMoney } from '@shop/money';
import { definePlugin } from '@shop/plugins';
import { z } from 'zod';

/**
 * An example plugin: a minimum order value per currency. Its checkout hook refuses a cart
 * below the minimum with a sentence the shopper sees; its `order.placed` handler (run by the
 * worker) logs each order. Add it to `shop.config.ts`:
 *
 *   plugins: [riskRules(), minimumOrder({ minimums: { USD: 2500 } })]
 */
export const minimumOrder = definePlugin({
  name: 'minimum-order',
  settings: z.strictObject({
    /** The smallest subtotal per currency, in minor units (USD 1000 = $10.00). */
    minimums: z
      .record(z.string().regex(/^[A-Z]{3}$/), z.number().int().min(0))
      .default({ USD: 1000 }),
  }),

  checkout(attempt, ctx) {
    const minimum = ctx.settings.minimums[attempt.currencyCode];
    if (minimum === undefined || attempt.totals.subtotal >= minimum) return;
    return {
      veto: `Orders start at ${formatMoney(minimum, attempt.currencyCode)}; add a little more to your cart.`,
    };
  },

  events: {
    'order.placed': async (event, ctx) => {
      const { number, total, currencyCode } = event.payload;
      ctx.logger.info(`order #${number} placed: ${formatMoney(total, currencyCode)}`);
    },
  },
});
