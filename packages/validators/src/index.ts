export * from './common';
export * from './catalog';
export * from './listing';
export * from './address';
export * from './cart';
export * from './orders-admin';
export * from './next-path';
export * from './search';
