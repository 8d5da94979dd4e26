ALTER TABLE "collections" ADD COLUMN "position" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "region_countries" ADD COLUMN "tax_rate_bp" integer;--> statement-breakpoint
CREATE INDEX "collection_products_order_idx" ON "collection_products" USING btree ("collection_id","position");--> statement-breakpoint
ALTER TABLE "region_countries" ADD CONSTRAINT "region_countries_tax_rate_range" CHECK ("region_countries"."tax_rate_bp" between 0 and 10000);