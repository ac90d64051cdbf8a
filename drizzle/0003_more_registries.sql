CREATE TABLE "alliance_projects" (
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
	"title" text NOT NULL,
	"alliance_id" bigint NOT NULL,
	"year" integer NOT NULL,
	"status" text NOT NULL,
	"top_ten" boolean DEFAULT false NOT NULL,
	"summary" text
);
--> statement-breakpoint
CREATE TABLE "alliances" (
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
	"batch" text NOT NULL,
	"year" integer NOT NULL,
	"lead_studio_id" bigint,
	"member_studio_count" integer,
	"industry_chain" text
);
--> statement-breakpoint
CREATE TABLE "candidates" (
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
	"year" integer NOT NULL,
	"field" text NOT NULL,
	"employer_id" bigint,
	"phone" text,
	"studio_id" bigint
);
--> statement-breakpoint
CREATE TABLE "cohorts" (
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
	"year" integer NOT NULL,
	"start_date" date NOT NULL,
	"participants" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "competitions" (
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
	"occupation" text,
	"organiser" text,
	"start_date" date NOT NULL,
	"end_date" date,
	"participants" integer NOT NULL,
	"promotions" integer
);
--> statement-breakpoint
CREATE TABLE "grants" (
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
	"recipient_kind" text NOT NULL,
	"recipient_name" text NOT NULL,
	"studio_id" bigint,
	"project_id" bigint,
	"amount" numeric(14, 2) NOT NULL,
	"year" integer NOT NULL,
	"source_level" text NOT NULL,
	"purpose" text NOT NULL,
	"tranche" integer,
	"paid_on" date
);
--> statement-breakpoint
CREATE TABLE "mechanisms" (
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
	"kind" text NOT NULL,
	"established_on" date NOT NULL,
	"document_title" text NOT NULL,
	"partners" text
);
--> statement-breakpoint
CREATE TABLE "upgrades" (
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
	"kind" text NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"people" integer NOT NULL,
	"evidence" text
);
--> statement-breakpoint
CREATE TABLE "wage_negotiations" (
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
	"enterprise_id" bigint NOT NULL,
	"year" integer NOT NULL,
	"signed_on" date,
	"contract_kind" text,
	"evidence" text
);
--> statement-breakpoint
ALTER TABLE "alliance_projects" ADD CONSTRAINT "alliance_projects_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alliance_projects" ADD CONSTRAINT "alliance_projects_alliance_id_alliances_id_fk" FOREIGN KEY ("alliance_id") REFERENCES "public"."alliances"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alliances" ADD CONSTRAINT "alliances_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alliances" ADD CONSTRAINT "alliances_lead_studio_id_studios_id_fk" FOREIGN KEY ("lead_studio_id") REFERENCES "public"."studios"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "candidates" ADD CONSTRAINT "candidates_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "candidates" ADD CONSTRAINT "candidates_employer_id_organizations_id_fk" FOREIGN KEY ("employer_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "candidates" ADD CONSTRAINT "candidates_studio_id_studios_id_fk" FOREIGN KEY ("studio_id") REFERENCES "public"."studios"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cohorts" ADD CONSTRAINT "cohorts_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "competitions" ADD CONSTRAINT "competitions_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grants" ADD CONSTRAINT "grants_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grants" ADD CONSTRAINT "grants_studio_id_studios_id_fk" FOREIGN KEY ("studio_id") REFERENCES "public"."studios"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grants" ADD CONSTRAINT "grants_project_id_alliance_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."alliance_projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mechanisms" ADD CONSTRAINT "mechanisms_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "upgrades" ADD CONSTRAINT "upgrades_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wage_negotiations" ADD CONSTRAINT "wage_negotiations_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wage_negotiations" ADD CONSTRAINT "wage_negotiations_enterprise_id_organizations_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "alliance_projects_org_path_idx" ON "alliance_projects" USING btree ("org_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "alliances_org_path_idx" ON "alliances" USING btree ("org_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "candidates_org_path_idx" ON "candidates" USING btree ("org_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "cohorts_org_path_idx" ON "cohorts" USING btree ("org_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "competitions_org_path_idx" ON "competitions" USING btree ("org_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "competitions_start_idx" ON "competitions" USING btree ("start_date");--> statement-breakpoint
CREATE INDEX "grants_org_path_idx" ON "grants" USING btree ("org_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "grants_year_idx" ON "grants" USING btree ("year");--> statement-breakpoint
CREATE INDEX "mechanisms_org_path_idx" ON "mechanisms" USING btree ("org_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "upgrades_org_path_idx" ON "upgrades" USING btree ("org_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "wage_negotiations_org_path_idx" ON "wage_negotiations" USING btree ("org_path" text_pattern_ops);