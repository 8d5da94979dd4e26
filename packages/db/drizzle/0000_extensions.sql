-- Extensions come first so that later migrations may use them (trigram indexes for search).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
