CREATE TABLE "challenge_applications" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"challenge_id" bigint NOT NULL,
	"org_path" text NOT NULL,
	"applicant_type" text NOT NULL,
	"team_id" bigint,
	"studio_id" bigint,
	"applicant_key" text NOT NULL,
	"applicant_name" text NOT NULL,
	"proposal" text NOT NULL,
	"plan" text,
	"milestones" jsonb NOT NULL,
	"state" text DEFAULT 'submitted' NOT NULL,
	"submitted_by" bigint,
	"withdrawn_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "challenge_demands" (
	"challenge_id" bigint NOT NULL,
	"demand_id" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "challenge_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"challenge_id" bigint NOT NULL,
	"org_path" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"user_id" bigint,
	"action" text NOT NULL,
	"from_state" text,
	"to_state" text NOT NULL,
	"detail" jsonb
);
--> statement-breakpoint
CREATE TABLE "challenge_milestones" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"challenge_id" bigint NOT NULL,
	"org_path" text NOT NULL,
	"seq" integer NOT NULL,
	"title" text NOT NULL,
	"amount_yuan" numeric(14, 2) NOT NULL,
	"due_on" date,
	"state" text DEFAULT 'pending' NOT NULL,
	"evidence" text,
	"accepted_at" timestamp with time zone,
	"accepted_by" bigint,
	"tranche" integer,
	"grant_id" bigint,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "challenge_panel" (
	"challenge_id" bigint NOT NULL,
	"user_id" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "challenge_scores" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"challenge_id" bigint NOT NULL,
	"application_id" bigint NOT NULL,
	"user_id" bigint NOT NULL,
	"scores" jsonb NOT NULL,
	"total" numeric(6, 2) NOT NULL,
	"comment" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "challenges" (
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
	"problem" text NOT NULL,
	"requirements" text,
	"fund_yuan" numeric(14, 2) NOT NULL,
	"apply_by" date NOT NULL,
	"complete_by" date NOT NULL,
	"industry_division" text,
	"category_id" bigint,
	"criteria" jsonb NOT NULL,
	"state" text DEFAULT 'draft' NOT NULL,
	"cluster_note" text,
	"panel_closed_at" timestamp with time zone,
	"awarded_application_id" bigint,
	"award_reason" text,
	"cancel_reason" text,
	"published_at" timestamp with time zone,
	"awarded_at" timestamp with time zone,
	"completed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "challenge_applications" ADD CONSTRAINT "challenge_applications_challenge_id_challenges_id_fk" FOREIGN KEY ("challenge_id") REFERENCES "public"."challenges"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenge_applications" ADD CONSTRAINT "challenge_applications_team_id_service_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."service_teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenge_applications" ADD CONSTRAINT "challenge_applications_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenge_demands" ADD CONSTRAINT "challenge_demands_challenge_id_challenges_id_fk" FOREIGN KEY ("challenge_id") REFERENCES "public"."challenges"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenge_demands" ADD CONSTRAINT "challenge_demands_demand_id_demands_id_fk" FOREIGN KEY ("demand_id") REFERENCES "public"."demands"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenge_events" ADD CONSTRAINT "challenge_events_challenge_id_challenges_id_fk" FOREIGN KEY ("challenge_id") REFERENCES "public"."challenges"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenge_milestones" ADD CONSTRAINT "challenge_milestones_challenge_id_challenges_id_fk" FOREIGN KEY ("challenge_id") REFERENCES "public"."challenges"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenge_panel" ADD CONSTRAINT "challenge_panel_challenge_id_challenges_id_fk" FOREIGN KEY ("challenge_id") REFERENCES "public"."challenges"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenge_panel" ADD CONSTRAINT "challenge_panel_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenge_scores" ADD CONSTRAINT "challenge_scores_challenge_id_challenges_id_fk" FOREIGN KEY ("challenge_id") REFERENCES "public"."challenges"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenge_scores" ADD CONSTRAINT "challenge_scores_application_id_challenge_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."challenge_applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenge_scores" ADD CONSTRAINT "challenge_scores_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenges" ADD CONSTRAINT "challenges_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenges" ADD CONSTRAINT "challenges_category_id_demand_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."demand_categories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "challenge_applications_challenge_idx" ON "challenge_applications" USING btree ("challenge_id");--> statement-breakpoint
CREATE UNIQUE INDEX "challenge_applications_live_uq" ON "challenge_applications" USING btree ("challenge_id","applicant_key") WHERE "challenge_applications"."state" <> 'withdrawn';--> statement-breakpoint
CREATE UNIQUE INDEX "challenge_demands_pk" ON "challenge_demands" USING btree ("challenge_id","demand_id");--> statement-breakpoint
CREATE INDEX "challenge_demands_demand_idx" ON "challenge_demands" USING btree ("demand_id");--> statement-breakpoint
CREATE INDEX "challenge_events_challenge_idx" ON "challenge_events" USING btree ("challenge_id");--> statement-breakpoint
CREATE UNIQUE INDEX "challenge_milestones_seq_uq" ON "challenge_milestones" USING btree ("challenge_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "challenge_panel_pk" ON "challenge_panel" USING btree ("challenge_id","user_id");--> statement-breakpoint
CREATE INDEX "challenge_panel_user_idx" ON "challenge_panel" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "challenge_scores_uq" ON "challenge_scores" USING btree ("application_id","user_id");--> statement-breakpoint
CREATE INDEX "challenges_org_path_idx" ON "challenges" USING btree ("org_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "challenges_state_idx" ON "challenges" USING btree ("state");