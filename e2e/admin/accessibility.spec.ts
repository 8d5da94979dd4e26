import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';

test('the admin sign-in page has no serious accessibility violations', async ({ page }) => {
  await page.goto('/sign-in');
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(serious, serious.join('\n')).toEqual([]);
});
