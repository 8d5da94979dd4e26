'use client';

import { errorBoundary } from '../retry-message';

/** An account page could not read the shopper's data. */
export default errorBoundary(
  'Your account is unavailable right now',
  "We couldn't load your account just now. Please try again in a moment.",
);
