'use client';

import { errorBoundary } from '../retry-message';

/** A checkout page (details, payment, confirmation) could not be read. */
export default errorBoundary(
  'Checkout is unavailable right now',
  "We couldn't load this step just now. Your cart and any order you placed are kept; please try again in a moment.",
);
