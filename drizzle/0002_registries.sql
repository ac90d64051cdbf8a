CREATE TABLE "academies" (
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
	"kind" text NOT NULL,
	"level" text NOT NULL,
	"year_established" integer NOT NULL,
	"host_name" text,
	"address" text
);
--> statement-breakpoint
CREATE TABLE "import_results" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" bigint NOT NULL,
	"registry" text NOT NULL,
	"file_name" text NOT NULL,
	"content" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "record_history" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"registry" text NOT NULL,
	"record_id" bigint NOT NULL,
	"version" integer NOT NULL,
	"action" text NOT NULL,
	"data" jsonb NOT NULL,
	"user_id" bigint,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "studios" (
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
	"level" text NOT NULL,
	"year" integer NOT NULL,
	"batch" text,
	"leader_name" text NOT NULL,
	"leader_honours" text,
	"leader_phone" text,
	"enterprise_id" bigint,
	"industry_chain" text,
	"focus" text,
	"member_count" integer,
	"status" text NOT NULL,
	"reconfirmed_year" integer
);
--> statement-breakpoint
CREATE TABLE "training_sessions" (
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
	"academy_id" bigint NOT NULL,
	"course" text NOT NULL,
	"triz" boolean DEFAULT false NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date,
	"person_times" integer NOT NULL,
	"demonstration" boolean DEFAULT false NOT NULL,
	"mountain_island" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "workstations" (
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
	"enterprise_id" bigint NOT NULL,
	"level" text NOT NULL,
	"year" integer NOT NULL,
	"note" text
);
--> statement-breakpoint
ALTER TABLE "academies" ADD CONSTRAINT "academies_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "studios" ADD CONSTRAINT "studios_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "studios" ADD CONSTRAINT "studios_enterprise_id_organizations_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_sessions" ADD CONSTRAINT "training_sessions_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_sessions" ADD CONSTRAINT "training_sessions_academy_id_academies_id_fk" FOREIGN KEY ("academy_id") REFERENCES "public"."academies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workstations" ADD CONSTRAINT "workstations_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workstations" ADD CONSTRAINT "workstations_enterprise_id_organizations_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "academies_org_path_idx" ON "academies" USING btree ("org_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "record_history_record_idx" ON "record_history" USING btree ("registry","record_id");--> statement-breakpoint
CREATE INDEX "studios_org_path_idx" ON "studios" USING btree ("org_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "studios_year_idx" ON "studios" USING btree ("year");--> statement-breakpoint
CREATE INDEX "studios_level_idx" ON "studios" USING btree ("level");--> statement-breakpoint
CREATE INDEX "training_sessions_org_path_idx" ON "training_sessions" USING btree ("org_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "training_sessions_start_idx" ON "training_sessions" USING btree ("start_date");--> statement-breakpoint
CREATE INDEX "training_sessions_academy_idx" ON "training_sessions" USING btree ("academy_id");--> statement-breakpoint
CREATE INDEX "workstations_org_path_idx" ON "workstations" USING btree ("org_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "workstations_year_idx" ON "workstations" USING btree ("year");