CREATE TABLE "attachments" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"file_id" bigint NOT NULL,
	"owner_type" text NOT NULL,
	"owner_id" bigint NOT NULL,
	"org_id" bigint NOT NULL,
	"org_path" text NOT NULL,
	"org_alt_path" text,
	"name" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" bigint,
	"updated_by" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "files" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"sha256" text NOT NULL,
	"size" integer NOT NULL,
	"mime_type" text NOT NULL,
	"content" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "files_sha256_unique" UNIQUE("sha256")
);
--> statement-breakpoint
CREATE TABLE "courses" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"org_id" bigint NOT NULL,
	"org_path" text NOT NULL,
	"org_alt_path" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" bigint,
	"updated_by" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	"name" text NOT NULL,
	"series" text NOT NULL,
	"triz" boolean DEFAULT false NOT NULL,
	"hours" integer,
	"active" boolean DEFAULT true NOT NULL,
	"summary" text
);
--> statement-breakpoint
CREATE TABLE "record_links" (
	"registry" text NOT NULL,
	"record_id" bigint NOT NULL,
	"field" text NOT NULL,
	"target_id" bigint NOT NULL,
	CONSTRAINT "record_links_registry_record_id_field_target_id_pk" PRIMARY KEY("registry","record_id","field","target_id")
);
--> statement-breakpoint
DROP INDEX "training_sessions_start_idx";--> statement-breakpoint
ALTER TABLE "training_sessions" ADD COLUMN "course_id" bigint;--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_file_id_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "courses" ADD CONSTRAINT "courses_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "attachments_owner_idx" ON "attachments" USING btree ("owner_type","owner_id");--> statement-breakpoint
CREATE INDEX "attachments_org_path_idx" ON "attachments" USING btree ("org_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "courses_org_path_idx" ON "courses" USING btree ("org_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "record_links_target_idx" ON "record_links" USING btree ("registry","field","target_id");--> statement-breakpoint
ALTER TABLE "training_sessions" ADD CONSTRAINT "training_sessions_course_id_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."courses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "training_sessions_org_alt_path_idx" ON "training_sessions" USING btree ("org_alt_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "training_sessions_person_times_idx" ON "training_sessions" USING btree ("person_times","id");--> statement-breakpoint
CREATE INDEX "training_sessions_course_idx" ON "training_sessions" USING btree ("course","id");--> statement-breakpoint
CREATE INDEX "training_sessions_course_id_idx" ON "training_sessions" USING btree ("course_id");--> statement-breakpoint
CREATE INDEX "training_sessions_natural_idx" ON "training_sessions" USING btree ("org_id","academy_id","course","start_date");--> statement-breakpoint
CREATE INDEX "training_sessions_start_idx" ON "training_sessions" USING btree ("start_date","id");