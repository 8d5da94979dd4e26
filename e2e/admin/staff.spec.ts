import { expect, test } from '@playwright/test';
import { ADMIN_URL, alerts, findMail, seriousViolations, signInToAdmin } from '../support';

/**
 * Staff invitations end to end: the owner invites a manager from Settings → Staff, the worker
 * mails the link (read from the e2e mail folder), the invitee sets a name and password on
 * /accept-invite without an account and lands signed in as manager; the link then refuses a
 * replay. The owner's change shows in the audit log.
 */
test('an invited manager sets a password from the mailed link and signs in', async ({
  page,
  browser,
}) => {
  const email = `manager-${Date.now()}@e2e.test`;
  await signInToAdmin(page);
  await page.goto('/settings/staff');
  expect(await seriousViolations(page)).toEqual([]);

  const invite = page.getByRole('form', { name: 'Invite staff' });
  await invite.getByLabel('Email').fill('not an email');
  await invite.getByRole('button', { name: 'Send invitation' }).click();
  await expect(invite.getByText('Enter an email address such as ada@example.com')).toBeVisible();

  await invite.getByLabel('Email').fill(email);
  await invite.getByLabel('Role').selectOption('manager');
  await invite.getByRole('button', { name: 'Send invitation' }).click();
  await expect(invite.getByRole('status')).toHaveText(`Invitation mailed to ${email}.`);
  await expect(page.getByTestId('invite-row').filter({ hasText: email })).toBeVisible();
  await page.screenshot({ path: '.data/test-results/staff-settings.png', fullPage: true });

  // The same address again (a second click, another tab) is refused: one mail only.
  await invite.getByLabel('Email').fill(email);
  await invite.getByRole('button', { name: 'Send invitation' }).click();
  await expect(invite.getByRole('alert')).toHaveText(
    `An invitation to ${email} is already open; revoke it to send a new one.`,
  );

  await expect
    .poll(() => findMail(email, 'accept-invite') !== null, { timeout: 20_000, intervals: [250] })
    .toBe(true);
  const mail = findMail(email, 'accept-invite') ?? '';
  const token = /accept-invite\?token=(?:3D)?([A-Za-z0-9_-]{43})/.exec(mail)?.[1];
  expect(token).toBeTruthy();
  const link = `${ADMIN_URL}/accept-invite?token=${token}`;

  const invitee = await browser.newContext({ viewport: { width: 375, height: 740 } });
  const tab = await invitee.newPage();
  await tab.goto(link);
  await expect(tab.getByText(`You are joining as manager with the email ${email}.`)).toBeVisible();
  expect(await seriousViolations(tab)).toEqual([]);
  await tab.screenshot({ path: '.data/test-results/accept-invite-375.png', fullPage: true });
  await tab.getByLabel('Your name').fill('Grace Manager');
  await tab.getByLabel(/^Password/).fill('short');
  await tab.getByRole('button', { name: 'Set password and sign in' }).click();
  await expect(tab.getByText('Password must be at least 12 characters long')).toBeVisible();
  await tab.getByLabel(/^Password/).fill('a long enough password');
  await tab.getByRole('button', { name: 'Set password and sign in' }).click();
  // Signed in, the new manager lands on the admin's home: the dashboard (reports:read).
  await expect(tab).toHaveURL(/\/dashboard/);
  await expect(tab.getByRole('banner')).toContainText('Grace Manager');
  await expect(tab.getByRole('banner')).toContainText('(manager)');
  // A manager reads the audit log, which names the owner's invitation, but manages no staff.
  await tab.goto(`${ADMIN_URL}/audit?action=staff.invite`);
  await expect(
    tab.getByTestId('audit-row').filter({ hasText: `staff.invite` }).first(),
  ).toBeVisible();
  await tab.goto(`${ADMIN_URL}/settings/staff`);
  await expect(tab.getByText('owner manages staff; your role (manager) cannot.')).toBeVisible();

  // The link works once.
  const replay = await (await browser.newContext()).newPage();
  await replay.goto(link);
  await expect(alerts(replay)).toHaveText(
    'This invitation has already been used. Sign in instead.',
  );
  await invitee.close();

  await page.goto('/audit');
  expect(await seriousViolations(page)).toEqual([]);
  await page.screenshot({ path: '.data/test-results/audit-log.png', fullPage: true });
});
