import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { pickProduct } from '../support';

/**
 * axe on the shopper's main pages, at phone and desktop widths. Each serious or critical
 * violation fails the test, with axe's own description of what and where.
 */
const pages = async () => {
  const product = await pickProduct(5);
  return [
    '/',
    `/p/${product.handle}`,
    '/cart',
    '/checkout',
    '/account/sign-in',
    '/account/register',
  ];
};

for (const width of [375, 1280]) {
  test(`main pages have no serious accessibility violations at ${width}px`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    for (const path of await pages()) {
      await page.goto(path);
      const results = await new AxeBuilder({ page })
        .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
        .analyze();
      const serious = results.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map(
          (v) =>
            `${path}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
        );
      expect(serious, serious.join('\n')).toEqual([]);
    }
  });
}
