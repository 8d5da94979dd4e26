import { randomUUID } from 'node:crypto';
import { expect, request as http, test, type Page } from '@playwright/test';
import { env, query, signInToAdmin, stockedVariantId, STOREFRONT_URL } from '../support';

/**
 * The risk-rules plugin of shop.config.ts, end to end: five orders from one email through the
 * storefront API, the worker's order.placed handler flags and holds the fifth, and staff see
 * why in the admin and release it. Every e2e order comes from the same loopback address and pays
 * with the same test card, so the client and card velocity rules (and the amount rule) are
 * off in the e2e shop (e2e/global-setup.ts) and this spec saves them off again through the
 * admin's plugin settings: they are tested on their own in packages/plugin-risk. Buys from variant offset 50, which no other spec uses.
 */

async function saveRiskSettings(page: Page, settings: Record<string, unknown>) {
  const res = await page.request.post('/api/trpc/admin.plugins.settings.update', {
    data: { json: { name: 'risk-rules', settings } },
  });
  expect(res.status(), await res.text()).toBe(200);
}

const only = (enabled: boolean) => ({
  cardVelocity: { enabled },
  clientVelocity: { enabled },
  amount: { enabled },
});

/** One order through the storefront's API, in a cookie jar (so a cart) of its own. */
async function placeOrder(email: string, variantId: number): Promise<number> {
  const shopper = await http.newContext({ baseURL: STOREFRONT_URL });
  try {
    const call = async (path: string, input: unknown) => {
      const res = await shopper.post(`/api/trpc/${path}`, { data: { json: input } });
      const text = await res.text();
      expect(res.status(), text).toBe(200);
      return (JSON.parse(text) as { result: { data: { json: Record<string, unknown> } } }).result
        .data.json;
    };
    const [option] = await query<{ id: string }>(
      `select s.id from shipping_options s join regions r on r.id = s.region_id
        where r.code = 'us' and s.active order by s.position limit 1`,
    );
    await call('storefront.cart.add', { variantId, quantity: 1, region: 'us' });
    await call('storefront.cart.setDetails', {
      email,
      shippingAddress: {
        firstName: 'Ann',
        lastName: 'Risk',
        line1: '5 Velocity Lane',
        city: 'Arlington',
        postalCode: '22201',
        province: 'VA',
        countryCode: 'US',
      },
      shippingOptionId: Number(option?.id),
    });
    const started = await call('storefront.checkout.start', { attemptKey: randomUUID() });
    const paid = await call('storefront.checkout.pay', {
      checkoutId: started.checkoutId,
      cardNumber: '4242424242424242',
    });
    return Number(paid.number);
  } finally {
    await shopper.dispose();
  }
}

/** Until the worker has run the plugin's job for this order's order.placed event. */
async function judged(number: number): Promise<boolean> {
  const rows = await query<{ done: boolean }>(
    `select e.dispatched_at is not null
            and not exists (select 1 from graphile_worker.jobs j where j.key = 'plugin:risk-rules:' || e.id) as done
       from domain_events e join orders o on o.id = (e.payload->>'orderId')::bigint
      where e.type = 'order.placed' and o.number = $1`,
    [number],
  );
  return rows[0]?.done === true;
}

test('the 5th order from one email in 10 minutes is flagged and held; staff release it', async ({
  page,
}) => {
  await signInToAdmin(page);
  await saveRiskSettings(page, only(false));
  try {
    const email = `risk-${randomUUID().slice(0, 8)}@example.com`;
    const variantId = await stockedVariantId(50, 6);
    const numbers: number[] = [];
    for (let i = 0; i < 5; i++) numbers.push(await placeOrder(email, variantId));
    const [fourth, fifth] = numbers.slice(3) as [number, number];

    await expect.poll(() => judged(fifth), { timeout: 30_000 }).toBe(true);
    await expect.poll(() => judged(fourth), { timeout: 30_000 }).toBe(true);

    await page.goto(`/orders/${fifth}`);
    const risk = page.getByTestId('risk-panel');
    await expect(risk).toContainText(`5 orders from ${email} in 10 minutes (limit 5).`);
    await expect(risk).toContainText('Held for review');
    await expect(page.getByText('Held', { exact: true })).toBeVisible();
    // For looking at: the held order at desktop width and at 375 px.
    await page.screenshot({ path: '.data/test-results/risk-held-desktop.png', fullPage: true });
    await page.setViewportSize({ width: 375, height: 800 });
    await page.screenshot({ path: '.data/test-results/risk-held-375.png', fullPage: true });
    await page.setViewportSize({ width: 1280, height: 800 });

    await risk.getByRole('button', { name: 'Release' }).click();
    await expect(risk).toContainText(`Released by ${env('E2E_ADMIN_EMAIL')}`);
    await page.reload();
    await expect(risk).toContainText(`Released by ${env('E2E_ADMIN_EMAIL')}`);
    await expect(risk).not.toContainText('Held for review');
    await expect(risk.getByRole('button', { name: 'Hold for review' })).toBeVisible();
    // The reason stays: released is not unflagged.
    await expect(risk).toContainText(`5 orders from ${email} in 10 minutes (limit 5).`);

    await page.goto(`/orders/${fourth}`);
    await expect(risk).toContainText('No risk flags.');
    await expect(risk).not.toContainText('Held for review');

    await page.goto(`/orders?q=${encodeURIComponent(email)}`);
    const row = (n: number) => page.getByRole('row').filter({ hasText: `#${n}` });
    await expect(row(fifth)).toContainText('Flagged');
    await expect(row(fourth)).not.toContainText('Flagged');
  } finally {
    // Back to the e2e shop's default (e2e/global-setup.ts): the shared-card rules stay off.
    await saveRiskSettings(page, only(false));
  }
});
