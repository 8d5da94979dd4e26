import type { Database } from '@shop/db/client';
import type { EngineQuery, EngineResult, EngineSuggestion } from '../engine';

// Being written (issue 9): weighted full-text search, trigram typos, facets, sorts, highlights.
export function queryDocuments(_db: Database, _query: EngineQuery): Promise<EngineResult> {
  return Promise.reject(new Error('postgres search query: not written yet'));
}

export function suggestDocuments(
  _db: Database,
  _prefix: string,
  _limit: number,
): Promise<EngineSuggestion[]> {
  return Promise.reject(new Error('postgres suggest: not written yet'));
}
