'use client';

import { errorBoundary } from '../retry-message';
import { CART_UNAVAILABLE } from './unavailable';

export default errorBoundary(CART_UNAVAILABLE.title, CART_UNAVAILABLE.message);
