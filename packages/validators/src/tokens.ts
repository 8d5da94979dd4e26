import { z } from 'zod';
import { zId } from './common';

// Wire shapes of the admin's API tokens (`admin.tokens.*`).

/**
 * What an API token may be allowed to do: the admin's permissions that an integration needs
 * (catalog, stock, orders). Never staff, settings or tokens themselves. The core's
 * `API_TOKEN_SCOPES` is this list, checked to be permissions.
 */
export const zApiTokenScope = z.enum(
  [
    'products:read',
    'products:write',
    'stock:read',
    'stock:write',
    'orders:read',
    'orders:write',
    'customers:read',
    'discounts:read',
    'discounts:write',
    'reports:read',
  ],
  {
    message:
      'Scopes are products, stock, orders and discounts (each :read or :write), customers:read and reports:read',
  },
);
export type ApiTokenScope = z.infer<typeof zApiTokenScope>;

export const zApiTokenCreateInput = z.object({
  name: z
    .string()
    .trim()
    .min(1, 'Give the token a name, such as the integration that will use it')
    .max(100, 'A token name must be at most 100 characters'),
  scopes: z
    .array(zApiTokenScope)
    .min(1, 'Choose at least one scope')
    .transform((scopes) => [...new Set(scopes)].sort()),
  /** Absent: the token lasts until revoked. */
  expiresAt: z.date({ message: 'expiresAt must be a date' }).optional(),
});
export type ApiTokenCreateInput = z.input<typeof zApiTokenCreateInput>;

export const zApiTokenStatus = z.enum(['active', 'revoked', 'expired']);
export type ApiTokenStatus = z.infer<typeof zApiTokenStatus>;

/** A token as the admin lists it: never its secret, never its hash. */
export const zApiTokenView = z.object({
  id: z.number().int(),
  name: z.string(),
  /** The token's first characters, to recognise it in a password manager or a config file. */
  prefix: z.string(),
  scopes: z.array(zApiTokenScope),
  createdAt: z.date(),
  /** The creating staff member's email; null once that member is removed. */
  createdBy: z.string().nullable(),
  lastUsedAt: z.date().nullable(),
  expiresAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
  status: zApiTokenStatus,
});
export type ApiTokenView = z.infer<typeof zApiTokenView>;

/** The answer to a create: the token's text, here and never again. */
export const zApiTokenCreated = z.object({ token: z.string(), view: zApiTokenView });
export type ApiTokenCreated = z.infer<typeof zApiTokenCreated>;

export const zApiTokenRevokeInput = z.object({ id: zId });
