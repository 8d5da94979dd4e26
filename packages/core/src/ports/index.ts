export * from './cache';
export * from './clock';
export * from './search';
