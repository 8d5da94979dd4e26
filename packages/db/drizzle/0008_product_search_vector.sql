-- Text search over products: a generated, weighted tsvector (title A, description C) and its GIN
-- index; the title's trigram index (0001) serves typos and prefixes. Adding a STORED generated
-- column rewrites the products table under an ACCESS EXCLUSIVE lock (seconds at 100,000
-- products); the index build then reads it once more.
ALTER TABLE "products" ADD COLUMN "search_vector" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', description), 'C')) STORED NOT NULL;--> statement-breakpoint
CREATE INDEX "products_search_vector_idx" ON "products" USING gin ("search_vector");