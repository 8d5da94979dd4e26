import { expect, test } from '@playwright/test';
import { fillCheckoutDetails, payWithTestCard, query } from '../support';

/**
 * The last unit of a product sells through the pages; afterwards its page says "Sold out" (the
 * order's revalidation job refreshed it) and the variant cannot be added to a cart.
 */
test('after the sale that empties it, a product page says sold out and refuses to add', async ({
  page,
}) => {
  // A product no other spec visits (from the middle of the catalog), left with a single unit.
  const [product] = await query<{ id: string; handle: string; variant_id: string }>(
    `select p.id, p.handle,
            (select min(v.id) from product_variants v where v.product_id = p.id and not v.archived) as variant_id
       from products p
      where p.status = 'active'
        and exists (select 1 from product_prices pp join product_variants v on v.id = pp.variant_id
                     where v.product_id = p.id and pp.currency_code = 'USD')
      order by p.id offset 15 limit 1`,
  );
  if (!product) throw new Error('no product to sell out');
  await query(
    `update inventory_levels set on_hand = case when variant_id = $2 then 1 else 0 end, reserved = 0
      where variant_id in (select id from product_variants where product_id = $1)`,
    [product.id, product.variant_id],
  );

  await page.goto(`/p/${product.handle}`);
  await expect(page.getByTestId('variant-picker')).toHaveAttribute(
    'data-variant-id',
    product.variant_id,
  );
  await page.getByRole('button', { name: 'Add to cart' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Added to cart' })).toBeVisible();

  await page.goto('/checkout');
  await fillCheckoutDetails(page, 'last-unit@example.com');
  await expect(page.getByTestId('checkout-details-summary')).toBeVisible();
  await payWithTestCard(page);

  // The order's revalidation reaches the cached page: it now says sold out.
  await expect
    .poll(
      async () => {
        await page.goto(`/p/${product.handle}`);
        return page.getByTestId('variant-picker').textContent();
      },
      { timeout: 15_000, intervals: [500] },
    )
    .toMatch(/Sold out/i);
  await expect(page.getByRole('button', { name: /Sold out/ })).toBeDisabled();

  const res = await page.request.post('/api/trpc/storefront.cart.add', {
    data: { json: { variantId: Number(product.variant_id), quantity: 1, region: 'us' } },
  });
  expect(res.status()).toBe(409);
  expect(await res.text()).toMatch(/sold out/i);
});
