export * from './engine';
export * from './document';
export { postgresEngine } from './postgres/engine';
export * from './product-search';
export * from './query-log';
export * from './settings';
export * from './sync';
export * from './synonyms';
export * from './query-report';
export * from './related';
export * from './meilisearch';
export {
  fallbackEngine,
  SearchTimeoutError,
  type CircuitState,
  type FallbackOptions,
} from './fallback';
