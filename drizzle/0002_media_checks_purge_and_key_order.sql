ALTER TABLE "media_checks" DROP CONSTRAINT "media_checks_kind_ck";--> statement-breakpoint
CREATE INDEX "images_key_c_idx" ON "images" USING btree ("key" collate "C");--> statement-breakpoint
CREATE INDEX "images_thumbnail_key_c_idx" ON "images" USING btree ("thumbnail_key" collate "C");--> statement-breakpoint
ALTER TABLE "media_checks" ADD CONSTRAINT "media_checks_kind_ck" CHECK ("media_checks"."kind" in ('verify','snapshot','purge','restore'));