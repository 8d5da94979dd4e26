export * from './catalog';
export * from './emit';
export * from './tags';
