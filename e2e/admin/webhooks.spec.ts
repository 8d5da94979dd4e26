import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { alerts, pickProduct, seriousViolations, signInToAdmin } from '../support';

/**
 * Webhooks end to end: an owner registers a local receiver in Settings → Webhooks (the e2e
 * stack allows 127.0.0.1 through WEBHOOK_ALLOWED_HOSTS), copies the secret shown once, edits a
 * product, and the worker delivers the signed product.updated; the endpoint's log shows it and
 * redelivers it under the same webhook-id. Bad URLs answer their sentence in the form.
 */

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

async function startReceiver() {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/${Date.now()}`,
    received,
    close: () => new Promise((r) => server.close(r)),
  };
}

/** The Standard Webhooks check, written out: HMAC-SHA256 of "id.timestamp.body" with the key. */
function isSigned(r: Received, secret: string): boolean {
  const id = String(r.headers['webhook-id']);
  const timestamp = String(r.headers['webhook-timestamp']);
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key)
    .update(`${id}.${timestamp}.${r.body}`)
    .digest('base64');
  return String(r.headers['webhook-signature']).split(' ').includes(`v1,${expected}`);
}

test('an owner registers a receiver, gets a signed event, and redelivers it from the log', async ({
  page,
}, testInfo) => {
  const receiver = await startReceiver();
  try {
    await signInToAdmin(page);
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Settings' })
      .click();
    await page
      .getByRole('navigation', { name: 'Settings' })
      .getByRole('link', { name: 'Webhooks' })
      .click();
    await expect(page.getByRole('heading', { name: 'Webhooks', exact: true })).toBeVisible();

    const url = page.getByLabel('URL', { exact: true });
    const add = page.getByRole('button', { name: 'Add endpoint' });
    await page.getByRole('checkbox', { name: 'product.updated' }).check();
    await url.fill('ftp://files.example.com/');
    await add.click();
    await expect(alerts(page)).toHaveText('Webhook URLs must start with http:// or https://.');
    await url.fill('http://10.0.0.7/hooks');
    await add.click();
    await expect(alerts(page)).toHaveText(
      '10.0.0.7 is a private address; add it to WEBHOOK_ALLOWED_HOSTS to allow it.',
    );

    await url.fill(receiver.url);
    await page.getByLabel('Description').fill('e2e receiver');
    await add.click();
    const shown = page.getByTestId('new-endpoint-secret');
    await expect(shown).toContainText('it will not be shown again');
    const secret = await shown.getByLabel("The endpoint's signing secret").inputValue();
    expect(secret).toMatch(/^whsec_/);
    const row = page.getByTestId('endpoint-row').filter({ hasText: receiver.url });
    await expect(row).toContainText('Enabled');
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: testInfo.outputPath('webhooks-desktop.png'), fullPage: true });

    // An edit emits product.updated; the worker delivers it, signed with the secret shown.
    // Offset 35: no other spec reads this product's title.
    const product = await pickProduct(35);
    const res = await page.request.post('/api/trpc/admin.products.update', {
      data: { json: { id: product.id, title: `${product.title} (hooked)` } },
    });
    expect(res.status(), await res.text()).toBe(200);
    await expect.poll(() => receiver.received.length, { timeout: 20_000 }).toBe(1);
    const [first] = receiver.received;
    if (!first) throw new Error('nothing received');
    expect(isSigned(first, secret)).toBe(true);
    expect(JSON.parse(first.body)).toMatchObject({
      type: 'product.updated',
      data: { productId: product.id },
    });

    await row.getByRole('link', { name: receiver.url }).click();
    const delivery = page.getByTestId('delivery-row').first();
    await expect(delivery).toContainText('product.updated');
    await expect(delivery).toContainText('Succeeded');
    await expect(delivery).toContainText('200');
    await delivery.getByRole('button', { name: /Redeliver/ }).click();
    await expect(delivery.getByRole('status')).toHaveText('Queued: it will be sent in a moment.');
    await expect.poll(() => receiver.received.length, { timeout: 20_000 }).toBe(2);
    expect(receiver.received[1]?.headers['webhook-id']).toBe(first.headers['webhook-id']);

    await page.reload();
    await page
      .getByTestId('delivery-row')
      .first()
      .getByRole('link', { name: /2 attempts/ })
      .click();
    const attempts = page.getByTestId('attempt-row');
    await expect(attempts).toHaveCount(2);
    await expect(attempts.nth(1)).toContainText('manual');
    expect(await seriousViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 375, height: 800 });
    await page.screenshot({
      path: testInfo.outputPath('webhook-endpoint-375.png'),
      fullPage: true,
    });
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.screenshot({
      path: testInfo.outputPath('webhook-endpoint-desktop.png'),
      fullPage: true,
    });

    await page.getByRole('button', { name: 'Disable' }).click();
    await expect(page.getByText('Disabled: deliveries wait.')).toBeVisible();
    await expect(page.getByRole('button', { name: /Redeliver/ })).toHaveCount(0);
  } finally {
    await receiver.close();
  }
});
