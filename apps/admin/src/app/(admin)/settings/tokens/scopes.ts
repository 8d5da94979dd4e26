import type { ApiTokenScope } from '@shop/validators';

/** What each scope lets an integration do, as the form offers it. */
export const SCOPE_LABELS: Record<ApiTokenScope, string> = {
  'products:read': 'Read the catalog',
  'products:write': 'Change products and prices',
  'stock:read': 'Read stock levels',
  'stock:write': 'Set stock levels',
  'orders:read': 'Read orders',
  'orders:write': 'Fulfil, hold, release and cancel orders',
  'customers:read': 'Read customers',
  'discounts:read': 'Read discount codes',
  'discounts:write': 'Create and change discount codes',
  'reports:read': 'Read the dashboard figures',
};
