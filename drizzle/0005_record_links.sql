CREATE TABLE "record_links" (
	"registry" text NOT NULL,
	"record_id" bigint NOT NULL,
	"field" text NOT NULL,
	"target_id" bigint NOT NULL,
	CONSTRAINT "record_links_registry_record_id_field_target_id_pk" PRIMARY KEY("registry","record_id","field","target_id")
);
--> statement-breakpoint
CREATE INDEX "record_links_target_idx" ON "record_links" USING btree ("registry","field","target_id");