ALTER TABLE "images" ADD COLUMN "focal_x" real;--> statement-breakpoint
ALTER TABLE "images" ADD COLUMN "focal_y" real;--> statement-breakpoint
ALTER TABLE "images" ADD CONSTRAINT "images_focal_ck" CHECK (("images"."focal_x" is null) = ("images"."focal_y" is null) and coalesce("images"."focal_x" between 0 and 1 and "images"."focal_y" between 0 and 1, true));