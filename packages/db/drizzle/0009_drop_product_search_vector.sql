-- The search index moved to its own table (0010, search_documents): the products table no longer
-- carries a tsvector or a title trigram index, so catalog writes stop paying for them.
DROP INDEX "products_title_trgm_idx";--> statement-breakpoint
DROP INDEX "products_search_vector_idx";--> statement-breakpoint
ALTER TABLE "products" DROP COLUMN "search_vector";