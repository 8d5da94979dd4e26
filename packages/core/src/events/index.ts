export * from './catalog';
export * from './emit';
export * from './tags';
export * from './dead-letter';
