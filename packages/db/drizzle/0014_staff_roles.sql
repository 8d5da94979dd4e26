-- Roles re-cut as owner, manager, support (issue 11). Renamed in place, not dropped and
-- recreated, so every existing staff user keeps working: an admin becomes a manager, a staff
-- member becomes support.
ALTER TYPE "public"."staff_role" RENAME VALUE 'admin' TO 'manager';--> statement-breakpoint
ALTER TYPE "public"."staff_role" RENAME VALUE 'staff' TO 'support';--> statement-breakpoint
ALTER TABLE "staff_users" ALTER COLUMN "role" SET DEFAULT 'support';
