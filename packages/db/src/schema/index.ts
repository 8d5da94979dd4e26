export * from './catalog';
export * from './checkout';
export * from './customers';
export * from './inventory';
export * from './orders';
export * from './regions';
export * from './staff';
export * from './queue';
