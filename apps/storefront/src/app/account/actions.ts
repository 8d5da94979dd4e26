'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { TRPCError } from '@trpc/server';
import { MAX_PASSWORD_LENGTH, MIN_CUSTOMER_PASSWORD_LENGTH } from '@shop/auth';
import {
  accountCaller,
  callCustomerAuth,
  forgetCart,
  mergeGuestCart,
  signedInUserId,
} from '~/server/customer-auth';
import { getLogger } from '~/server/shop';
import type { AccountFormState } from './form-state';
import { safeNextPath } from './safe-next';
import { regionPath } from '~/lib/region';
import { shopperRegion } from '~/server/region';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const UNREACHABLE = 'Something went wrong on our side. Please try again in a moment.';
const TOO_MANY = 'Too many attempts from your connection. Please try again later.';

/** The throttle's own sentence (it says how long to wait), else the generic one. */
function tooMany(body: unknown): string {
  const message =
    typeof body === 'object' && body !== null && 'message' in body ? body.message : null;
  return typeof message === 'string' && message.trim() !== '' ? message : TOO_MANY;
}

function field(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}

function errorCode(body: unknown): string | null {
  return typeof body === 'object' &&
    body !== null &&
    'code' in body &&
    typeof body.code === 'string'
    ? body.code
    : null;
}

function failed(
  message: string,
  values: Record<string, string>,
  fieldErrors?: Record<string, string>,
): AccountFormState {
  return { status: 'error', message, values, ...(fieldErrors ? { fieldErrors } : {}) };
}

function passwordProblem(password: string): string | null {
  if (password.length < MIN_CUSTOMER_PASSWORD_LENGTH)
    return `Use at least ${MIN_CUSTOMER_PASSWORD_LENGTH} characters.`;
  if (password.length > MAX_PASSWORD_LENGTH)
    return `Use at most ${MAX_PASSWORD_LENGTH} characters.`;
  return null;
}

/**
 * Signs the shopper in (better-auth sets the `shop.session_token` cookie), merges the guest
 * cart into the account's, and goes to `next`. Wrong email and wrong password get the same
 * sentence, so the form does not tell which emails have accounts.
 */
export async function signIn(_prev: AccountFormState, form: FormData): Promise<AccountFormState> {
  const email = field(form, 'email').trim();
  const password = field(form, 'password');
  const values = { email };
  const fieldErrors: Record<string, string> = {};
  if (!EMAIL.test(email)) fieldErrors.email = 'Enter your email address, like name@example.com.';
  if (password === '') fieldErrors.password = 'Enter your password.';
  if (Object.keys(fieldErrors).length > 0) {
    return failed('Check the highlighted fields.', values, fieldErrors);
  }

  const result = await callCustomerAuth('/sign-in/email', { email, password, rememberMe: true });
  const customerId = result.status === 200 ? signedInUserId(result.body) : null;
  if (!customerId) {
    if (result.status === 401 || result.status === 400) {
      return failed('Wrong email or password.', values);
    }
    if (result.status === 429) return failed(tooMany(result.body), values);
    getLogger().error({ status: result.status, body: result.body }, 'sign-in failed');
    return failed(UNREACHABLE, values);
  }
  await mergeGuestCart(customerId);
  redirect(safeNextPath(field(form, 'next')));
}

/** Creates the account, signs the shopper in and merges the guest cart, then goes to `next`. */
export async function register(_prev: AccountFormState, form: FormData): Promise<AccountFormState> {
  const name = field(form, 'name').trim();
  const email = field(form, 'email').trim();
  const password = field(form, 'password');
  const values = { name, email };
  const fieldErrors: Record<string, string> = {};
  if (name === '') fieldErrors.name = 'Enter your name.';
  else if (name.length > 100) fieldErrors.name = 'Use at most 100 characters.';
  if (!EMAIL.test(email)) fieldErrors.email = 'Enter your email address, like name@example.com.';
  const weak = passwordProblem(password);
  if (weak) fieldErrors.password = weak;
  if (Object.keys(fieldErrors).length > 0) {
    return failed('Check the highlighted fields.', values, fieldErrors);
  }

  const result = await callCustomerAuth('/sign-up/email', { name, email, password });
  const customerId = result.status === 200 ? signedInUserId(result.body) : null;
  if (!customerId) {
    const code = errorCode(result.body);
    if (code === 'USER_ALREADY_EXISTS' || code === 'USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL') {
      return failed(
        'An account with this email already exists. Sign in, or reset your password if you forgot it.',
        values,
        { email: 'This email already has an account.' },
      );
    }
    if (code === 'PASSWORD_TOO_SHORT' || code === 'PASSWORD_TOO_LONG') {
      return failed('Check the highlighted fields.', values, {
        password: passwordProblem(password) ?? 'Choose another password.',
      });
    }
    if (result.status === 429) return failed(tooMany(result.body), values);
    if (code === 'INVALID_EMAIL') {
      return failed('Check the highlighted fields.', values, {
        email: 'Enter your email address, like name@example.com.',
      });
    }
    getLogger().error({ status: result.status, body: result.body }, 'registration failed');
    return failed(UNREACHABLE, values);
  }
  await mergeGuestCart(customerId);
  redirect(safeNextPath(field(form, 'next')));
}

/** Ends the session (its row is deleted) and forgets the cart cookie, then goes home. */
export async function signOut(): Promise<void> {
  await callCustomerAuth('/sign-out', {});
  await forgetCart();
  redirect(regionPath(await shopperRegion()));
}

/**
 * Asks for a reset link. The answer is the same whether or not the email has an account; the
 * mail itself is sent by the worker (a `send-mail` job).
 */
export async function requestPasswordReset(
  _prev: AccountFormState,
  form: FormData,
): Promise<AccountFormState> {
  const email = field(form, 'email').trim();
  if (!EMAIL.test(email)) {
    return failed(
      'Check the highlighted fields.',
      { email },
      {
        email: 'Enter your email address, like name@example.com.',
      },
    );
  }
  const result = await callCustomerAuth('/request-password-reset', {
    email,
    redirectTo: '/account/reset-password',
  });
  if (result.status === 429) return failed(tooMany(result.body), { email });
  if (result.status !== 200) {
    getLogger().error(
      { status: result.status, body: result.body },
      'password reset request failed',
    );
    return failed(UNREACHABLE, { email });
  }
  return {
    status: 'success',
    message: `If ${email} has an account, a link to choose a new password is on its way. It works for one hour.`,
  };
}

/** Sets the new password with the token from the mail, then asks the shopper to sign in. */
export async function resetPassword(
  _prev: AccountFormState,
  form: FormData,
): Promise<AccountFormState> {
  const token = field(form, 'token');
  const password = field(form, 'password');
  const confirm = field(form, 'confirmPassword');
  const fieldErrors: Record<string, string> = {};
  const weak = passwordProblem(password);
  if (weak) fieldErrors.password = weak;
  else if (confirm !== password) fieldErrors.confirmPassword = 'The two passwords do not match.';
  if (Object.keys(fieldErrors).length > 0) {
    return failed('Check the highlighted fields.', {}, fieldErrors);
  }
  const result = await callCustomerAuth('/reset-password', { token, newPassword: password });
  if (result.status !== 200) {
    const code = errorCode(result.body);
    if (code === 'INVALID_TOKEN' || code === 'USER_NOT_FOUND') {
      return failed('This reset link has expired or was already used. Ask for a new one.', {});
    }
    if (result.status === 429) return failed(tooMany(result.body), {});
    getLogger().error({ status: result.status, body: result.body }, 'password reset failed');
    return failed(UNREACHABLE, {});
  }
  redirect('/account/sign-in?reset=1');
}

/** The zod issues behind a BAD_REQUEST from the router's input schema. */
function issuesOf(err: TRPCError): Array<{ path: PropertyKey[]; message: string }> {
  const issues = (err.cause as { issues?: unknown } | undefined)?.issues;
  if (!Array.isArray(issues)) return [];
  return issues.filter(
    (i: unknown): i is { path: PropertyKey[]; message: string } =>
      typeof i === 'object' && i !== null && 'path' in i && Array.isArray(i.path) && 'message' in i,
  );
}

/** Saves a new address through `storefront.account.addresses.add`; field errors come back. */
export async function addAddress(
  _prev: AccountFormState,
  form: FormData,
): Promise<AccountFormState> {
  const address = {
    firstName: field(form, 'firstName'),
    lastName: field(form, 'lastName'),
    line1: field(form, 'line1'),
    line2: field(form, 'line2'),
    city: field(form, 'city'),
    province: field(form, 'province'),
    postalCode: field(form, 'postalCode'),
    countryCode: field(form, 'countryCode'),
    phone: field(form, 'phone'),
  };
  const values: Record<string, string> = { ...address };
  if (form.get('isDefault') === 'on') values.isDefault = 'on';
  try {
    await accountCaller().account.addresses.add({
      address,
      isDefault: form.get('isDefault') === 'on',
    });
  } catch (err) {
    if (err instanceof TRPCError && err.code === 'UNAUTHORIZED') {
      redirect('/account/sign-in?next=/account/addresses');
    }
    if (err instanceof TRPCError && (err.code === 'BAD_REQUEST' || err.code === 'CONFLICT')) {
      const fieldErrors: Record<string, string> = {};
      for (const issue of issuesOf(err)) {
        const name = issue.path[1];
        if (typeof name === 'string' && !fieldErrors[name]) fieldErrors[name] = issue.message;
      }
      const message =
        Object.keys(fieldErrors).length > 0 ? 'Check the highlighted fields.' : err.message;
      return failed(message, values, fieldErrors);
    }
    getLogger().error({ err }, 'saving an address failed');
    return failed(UNREACHABLE, values);
  }
  revalidatePath('/account/addresses');
  return { status: 'success', message: 'Address saved.' };
}

function addressId(form: FormData): number {
  return Number(field(form, 'id'));
}

/** An address that is already gone (another tab removed it) needs no message: the list shows it. */
async function ignoringNotFound(run: () => Promise<unknown>): Promise<void> {
  try {
    await run();
  } catch (err) {
    if (err instanceof TRPCError && err.code === 'UNAUTHORIZED') {
      redirect('/account/sign-in?next=/account/addresses');
    }
    if (!(err instanceof TRPCError && (err.code === 'NOT_FOUND' || err.code === 'BAD_REQUEST'))) {
      throw err;
    }
  }
  revalidatePath('/account/addresses');
}

export async function removeAddress(
  _prev: AccountFormState,
  form: FormData,
): Promise<AccountFormState> {
  await ignoringNotFound(() => accountCaller().account.addresses.remove({ id: addressId(form) }));
  return { status: 'success', message: 'Address removed.' };
}

export async function makeDefaultAddress(
  _prev: AccountFormState,
  form: FormData,
): Promise<AccountFormState> {
  await ignoringNotFound(() =>
    accountCaller().account.addresses.setDefault({ id: addressId(form) }),
  );
  return { status: 'success', message: 'Default address changed.' };
}
