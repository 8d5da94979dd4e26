export { meilisearchEngine, MeilisearchTaskError, type MeilisearchEngineOptions } from './engine';
export { toMeiliDocument, type MeiliDocument } from './document';
export { quote as meilisearchQuote } from './filter';
