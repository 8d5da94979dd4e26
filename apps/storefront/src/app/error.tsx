'use client';

import { errorBoundary } from './retry-message';

/**
 * The last boundary inside the root layout: a failing segment layout (the account pages' header
 * reads the catalog) shows this rather than the framework's error page.
 */
export default errorBoundary(
  'Something went wrong',
  "We couldn't load this page. Please try again in a moment.",
);
