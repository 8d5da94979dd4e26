export * from './catalog';
export * from './customers';
export * from './inventory';
export * from './regions';
export * from './staff';
