CREATE TABLE "notification_outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"channel" text NOT NULL,
	"event" text NOT NULL,
	"payload" jsonb NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"last_error" text,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"user_id" bigint NOT NULL,
	"org_id" bigint,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"body" text,
	"link" text,
	"subject_type" text,
	"subject_id" bigint,
	"created_at" timestamp with time zone NOT NULL,
	"read_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "assignments" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"demand_id" bigint NOT NULL,
	"org_path" text NOT NULL,
	"round" integer NOT NULL,
	"position" integer NOT NULL,
	"level" text NOT NULL,
	"candidate_type" text NOT NULL,
	"craftsman_id" bigint,
	"team_id" bigint,
	"state" text DEFAULT 'queued' NOT NULL,
	"deadline_hours" integer DEFAULT 48 NOT NULL,
	"offered_at" timestamp with time zone,
	"deadline" timestamp with time zone,
	"responded_at" timestamp with time zone,
	"decline_reason" text,
	"dispatched_by" bigint,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "craftsmen" (
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
	"gender" text,
	"birth_year" integer,
	"phone" text,
	"id_number" text,
	"employer_id" bigint,
	"employer_name" text,
	"county_id" bigint NOT NULL,
	"occupation" text,
	"skill_level" integer,
	"honours" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"specialty_tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"specialties" text,
	"industries" text[] DEFAULT '{}'::text[] NOT NULL,
	"monthly_capacity" integer DEFAULT 2 NOT NULL,
	"unavailable" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"employer_consent" boolean DEFAULT false NOT NULL,
	"public_consent" boolean DEFAULT false NOT NULL,
	"user_id" bigint
);
--> statement-breakpoint
CREATE TABLE "demand_categories" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "demand_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"demand_id" bigint NOT NULL,
	"org_path" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"user_id" bigint,
	"action" text NOT NULL,
	"from_state" text,
	"to_state" text NOT NULL,
	"assignment_id" bigint,
	"detail" jsonb
);
--> statement-breakpoint
CREATE TABLE "demand_followups" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"demand_id" bigint NOT NULL,
	"org_path" text NOT NULL,
	"days" integer NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"asked_at" timestamp with time zone,
	"answered_at" timestamp with time zone,
	"benefit_yuan" numeric(14, 2),
	"note" text,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "demands" (
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
	"county_id" bigint NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"category_id" bigint NOT NULL,
	"industry_division" text,
	"urgency" text DEFAULT 'normal' NOT NULL,
	"wanted_by" date,
	"contact_name" text,
	"contact_phone" text,
	"state" text DEFAULT 'submitted' NOT NULL,
	"level" text DEFAULT 'county' NOT NULL,
	"failures" integer DEFAULT 0 NOT NULL,
	"return_reason" text,
	"server_type" text,
	"server_craftsman_id" bigint,
	"server_team_id" bigint,
	"claim_note" text,
	"published_at" timestamp with time zone,
	"accepted_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"completion_note" text,
	"closed_at" timestamp with time zone,
	"rating_timeliness" integer,
	"rating_effect" integer,
	"rating_attitude" integer,
	"rating_comment" text,
	"benefit_yuan" numeric(14, 2),
	"typical_case" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "due_jobs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"ref_id" bigint NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"done_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "service_action_participants" (
	"action_id" bigint NOT NULL,
	"craftsman_id" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "service_actions" (
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
	"held_on" date NOT NULL,
	"county_id" bigint NOT NULL,
	"organiser" text,
	"workers_trained" integer DEFAULT 0 NOT NULL,
	"mountain_island" boolean DEFAULT false NOT NULL,
	"summary" text
);
--> statement-breakpoint
CREATE TABLE "service_records" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"demand_id" bigint NOT NULL,
	"org_path" text NOT NULL,
	"county_id" bigint NOT NULL,
	"craftsman_id" bigint,
	"team_id" bigint,
	"visit_date" date NOT NULL,
	"hours" numeric(6, 1) NOT NULL,
	"participants" integer DEFAULT 1 NOT NULL,
	"workers_trained" integer DEFAULT 0 NOT NULL,
	"content" text NOT NULL,
	"created_by" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "service_team_members" (
	"team_id" bigint NOT NULL,
	"craftsman_id" bigint NOT NULL,
	"joined_on" date
);
--> statement-breakpoint
CREATE TABLE "service_teams" (
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
	"leader_id" bigint NOT NULL,
	"specialty" text,
	"founded_on" date,
	"description" text
);
--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_demand_id_demands_id_fk" FOREIGN KEY ("demand_id") REFERENCES "public"."demands"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_craftsman_id_craftsmen_id_fk" FOREIGN KEY ("craftsman_id") REFERENCES "public"."craftsmen"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_team_id_service_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."service_teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "craftsmen" ADD CONSTRAINT "craftsmen_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "craftsmen" ADD CONSTRAINT "craftsmen_employer_id_organizations_id_fk" FOREIGN KEY ("employer_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "craftsmen" ADD CONSTRAINT "craftsmen_county_id_organizations_id_fk" FOREIGN KEY ("county_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "craftsmen" ADD CONSTRAINT "craftsmen_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "demand_events" ADD CONSTRAINT "demand_events_demand_id_demands_id_fk" FOREIGN KEY ("demand_id") REFERENCES "public"."demands"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "demand_followups" ADD CONSTRAINT "demand_followups_demand_id_demands_id_fk" FOREIGN KEY ("demand_id") REFERENCES "public"."demands"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "demands" ADD CONSTRAINT "demands_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "demands" ADD CONSTRAINT "demands_county_id_organizations_id_fk" FOREIGN KEY ("county_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "demands" ADD CONSTRAINT "demands_category_id_demand_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."demand_categories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "demands" ADD CONSTRAINT "demands_server_craftsman_id_craftsmen_id_fk" FOREIGN KEY ("server_craftsman_id") REFERENCES "public"."craftsmen"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "demands" ADD CONSTRAINT "demands_server_team_id_service_teams_id_fk" FOREIGN KEY ("server_team_id") REFERENCES "public"."service_teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_action_participants" ADD CONSTRAINT "service_action_participants_action_id_service_actions_id_fk" FOREIGN KEY ("action_id") REFERENCES "public"."service_actions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_action_participants" ADD CONSTRAINT "service_action_participants_craftsman_id_craftsmen_id_fk" FOREIGN KEY ("craftsman_id") REFERENCES "public"."craftsmen"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_actions" ADD CONSTRAINT "service_actions_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_actions" ADD CONSTRAINT "service_actions_county_id_organizations_id_fk" FOREIGN KEY ("county_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_records" ADD CONSTRAINT "service_records_demand_id_demands_id_fk" FOREIGN KEY ("demand_id") REFERENCES "public"."demands"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_records" ADD CONSTRAINT "service_records_county_id_organizations_id_fk" FOREIGN KEY ("county_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_records" ADD CONSTRAINT "service_records_craftsman_id_craftsmen_id_fk" FOREIGN KEY ("craftsman_id") REFERENCES "public"."craftsmen"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_records" ADD CONSTRAINT "service_records_team_id_service_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."service_teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_team_members" ADD CONSTRAINT "service_team_members_team_id_service_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."service_teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_team_members" ADD CONSTRAINT "service_team_members_craftsman_id_craftsmen_id_fk" FOREIGN KEY ("craftsman_id") REFERENCES "public"."craftsmen"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_teams" ADD CONSTRAINT "service_teams_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_teams" ADD CONSTRAINT "service_teams_leader_id_craftsmen_id_fk" FOREIGN KEY ("leader_id") REFERENCES "public"."craftsmen"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "notification_outbox_pending_idx" ON "notification_outbox" USING btree ("state","next_attempt_at");--> statement-breakpoint
CREATE INDEX "notifications_user_idx" ON "notifications" USING btree ("user_id","id");--> statement-breakpoint
CREATE INDEX "assignments_demand_idx" ON "assignments" USING btree ("demand_id");--> statement-breakpoint
CREATE INDEX "assignments_craftsman_idx" ON "assignments" USING btree ("craftsman_id");--> statement-breakpoint
CREATE INDEX "assignments_team_idx" ON "assignments" USING btree ("team_id");--> statement-breakpoint
CREATE UNIQUE INDEX "assignments_round_pos_uq" ON "assignments" USING btree ("demand_id","round","position");--> statement-breakpoint
CREATE INDEX "craftsmen_org_path_idx" ON "craftsmen" USING btree ("org_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "craftsmen_alt_path_idx" ON "craftsmen" USING btree ("org_alt_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "craftsmen_county_idx" ON "craftsmen" USING btree ("county_id");--> statement-breakpoint
CREATE UNIQUE INDEX "craftsmen_user_uq" ON "craftsmen" USING btree ("user_id") WHERE "craftsmen"."user_id" is not null and "craftsmen"."deleted_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "craftsmen_id_number_uq" ON "craftsmen" USING btree ("id_number") WHERE "craftsmen"."id_number" is not null and "craftsmen"."deleted_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "demand_categories_name_uq" ON "demand_categories" USING btree ("name");--> statement-breakpoint
CREATE INDEX "demand_events_demand_idx" ON "demand_events" USING btree ("demand_id");--> statement-breakpoint
CREATE UNIQUE INDEX "demand_followups_uq" ON "demand_followups" USING btree ("demand_id","days");--> statement-breakpoint
CREATE INDEX "demands_org_path_idx" ON "demands" USING btree ("org_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "demands_alt_path_idx" ON "demands" USING btree ("org_alt_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "demands_state_idx" ON "demands" USING btree ("state");--> statement-breakpoint
CREATE INDEX "demands_county_idx" ON "demands" USING btree ("county_id");--> statement-breakpoint
CREATE INDEX "due_jobs_pending_idx" ON "due_jobs" USING btree ("due_at") WHERE "due_jobs"."state" = 'pending';--> statement-breakpoint
CREATE INDEX "due_jobs_ref_idx" ON "due_jobs" USING btree ("kind","ref_id");--> statement-breakpoint
CREATE UNIQUE INDEX "service_action_participants_pk" ON "service_action_participants" USING btree ("action_id","craftsman_id");--> statement-breakpoint
CREATE INDEX "service_actions_org_path_idx" ON "service_actions" USING btree ("org_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "service_records_demand_idx" ON "service_records" USING btree ("demand_id");--> statement-breakpoint
CREATE INDEX "service_records_date_idx" ON "service_records" USING btree ("visit_date");--> statement-breakpoint
CREATE UNIQUE INDEX "service_team_members_pk" ON "service_team_members" USING btree ("team_id","craftsman_id");--> statement-breakpoint
CREATE INDEX "service_team_members_craftsman_idx" ON "service_team_members" USING btree ("craftsman_id");--> statement-breakpoint
CREATE INDEX "service_teams_org_path_idx" ON "service_teams" USING btree ("org_path" text_pattern_ops);