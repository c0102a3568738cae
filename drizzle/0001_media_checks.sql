CREATE TABLE "media_checks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone NOT NULL,
	"summary" jsonb NOT NULL,
	CONSTRAINT "media_checks_kind_ck" CHECK ("media_checks"."kind" in ('verify','snapshot'))
);
--> statement-breakpoint
CREATE INDEX "media_checks_kind_started_idx" ON "media_checks" USING btree ("kind","started_at");