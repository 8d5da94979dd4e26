CREATE TABLE "rate_limits" (
	"key" text PRIMARY KEY NOT NULL,
	"hits" integer DEFAULT 0 NOT NULL,
	"window_started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
DROP INDEX "orders_cart_id_idx";--> statement-breakpoint
ALTER TABLE "checkouts" ADD COLUMN "client_key" text;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "refund_requested_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "rate_limits_expires_at_idx" ON "rate_limits" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "checkouts_pending_client_idx" ON "checkouts" USING btree ("client_key") WHERE "checkouts"."status" = 'pending';--> statement-breakpoint
-- A database that already holds a second order for one cart (the bug this index closes) keeps
-- both orders: the later ones lose their cart link, so the index can be built.
UPDATE "orders" o SET "cart_id" = NULL
 WHERE o."cart_id" IS NOT NULL
   AND EXISTS (SELECT 1 FROM "orders" e WHERE e."cart_id" = o."cart_id" AND e."id" < o."id");--> statement-breakpoint
CREATE UNIQUE INDEX "orders_cart_id_key" ON "orders" USING btree ("cart_id");