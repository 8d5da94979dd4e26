export * from './cache';
export * from './clock';
export * from './search';
export * from './checkout-hooks';
