export * from './errors';
export * from './cache-tags';
export * from './regions/regions';
export * from './catalog/storefront';
export * from './catalog/admin';
export * from './staff/permissions';
export * from './revalidation';
