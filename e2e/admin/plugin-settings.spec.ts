import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { signInToAdmin } from '../support';

/**
 * The plugins page: the risk rules' thresholds as a form generated from their settings. A value
 * the plugin's schema refuses is answered with its sentence and saves nothing; a valid one is
 * saved and shown after a reload. Changes only the amount rule's multiple (and puts it back),
 * which the risk spec switches off anyway.
 */
test('staff change a risk threshold; a refused value shows the schema sentence', async ({
  page,
}) => {
  await signInToAdmin(page);
  await page.goto('/settings/plugins');
  const risk = page.getByTestId('plugin-risk-rules');
  const multiple = risk.getByLabel('Amount: Multiple');
  await expect(multiple).toHaveValue('5');

  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  const serious = results.violations.filter(
    (v) => v.impact === 'serious' || v.impact === 'critical',
  );
  expect(serious.map((v) => `${v.id}: ${v.help}`)).toEqual([]);

  await multiple.fill('1');
  await risk.getByRole('button', { name: 'Save' }).click();
  await expect(risk.getByRole('alert')).toHaveText(
    'The settings of "risk-rules" are not valid: amount.multiple: Too small: expected number to be >=1.5.',
  );
  await page.reload();
  await expect(multiple).toHaveValue('5');

  try {
    await multiple.fill('6');
    await risk.getByRole('button', { name: 'Save' }).click();
    await expect(risk.getByRole('status')).toHaveText('Saved the settings of risk-rules.');
    await page.reload();
    await expect(multiple).toHaveValue('6');
    await page.screenshot({ path: '.data/test-results/plugin-settings.png', fullPage: true });
  } finally {
    await multiple.fill('5');
    await risk.getByRole('button', { name: 'Save' }).click();
    await expect(risk.getByRole('status')).toHaveText('Saved the settings of risk-rules.');
  }
});
