CREATE TABLE "metric_assignments" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"metric_id" bigint NOT NULL,
	"org_id" bigint NOT NULL,
	"org_path" text NOT NULL,
	"target" numeric NOT NULL,
	"assigned_by" bigint,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "metric_report_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"report_id" bigint NOT NULL,
	"action" text NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"value" numeric,
	"reason" text,
	"actor_id" bigint,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "metric_reports" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"metric_id" bigint NOT NULL,
	"org_id" bigint NOT NULL,
	"org_path" text NOT NULL,
	"org_alt_path" text,
	"value" numeric NOT NULL,
	"as_of" date NOT NULL,
	"explanation" text,
	"evidence" text,
	"status" text NOT NULL,
	"submitted_at" timestamp with time zone,
	"submitted_by" bigint,
	"reviewed_at" timestamp with time zone,
	"reviewed_by" bigint,
	"return_reason" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "plan_metrics" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"plan_id" bigint NOT NULL,
	"task_id" bigint NOT NULL,
	"key" text NOT NULL,
	"label" text NOT NULL,
	"unit" text NOT NULL,
	"kind" text NOT NULL,
	"comparator" text NOT NULL,
	"target" numeric,
	"source" text NOT NULL,
	"note" text,
	"sort_order" integer NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "plan_tasks" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"plan_id" bigint NOT NULL,
	"no" text NOT NULL,
	"title" text NOT NULL,
	"owners" text NOT NULL,
	"section" text,
	"sort_order" integer NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "plans" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"year" integer NOT NULL,
	"title" text NOT NULL,
	"issuer" text NOT NULL,
	"issued_on" date,
	"based_on_id" bigint,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "metric_assignments" ADD CONSTRAINT "metric_assignments_metric_id_plan_metrics_id_fk" FOREIGN KEY ("metric_id") REFERENCES "public"."plan_metrics"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "metric_assignments" ADD CONSTRAINT "metric_assignments_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "metric_assignments" ADD CONSTRAINT "metric_assignments_assigned_by_users_id_fk" FOREIGN KEY ("assigned_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "metric_report_events" ADD CONSTRAINT "metric_report_events_report_id_metric_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."metric_reports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "metric_report_events" ADD CONSTRAINT "metric_report_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "metric_reports" ADD CONSTRAINT "metric_reports_metric_id_plan_metrics_id_fk" FOREIGN KEY ("metric_id") REFERENCES "public"."plan_metrics"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "metric_reports" ADD CONSTRAINT "metric_reports_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "metric_reports" ADD CONSTRAINT "metric_reports_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "metric_reports" ADD CONSTRAINT "metric_reports_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_metrics" ADD CONSTRAINT "plan_metrics_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_metrics" ADD CONSTRAINT "plan_metrics_task_id_plan_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."plan_tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_tasks" ADD CONSTRAINT "plan_tasks_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "metric_assignments_uq" ON "metric_assignments" USING btree ("metric_id","org_id");--> statement-breakpoint
CREATE INDEX "metric_report_events_report_idx" ON "metric_report_events" USING btree ("report_id");--> statement-breakpoint
CREATE UNIQUE INDEX "metric_reports_uq" ON "metric_reports" USING btree ("metric_id","org_id");--> statement-breakpoint
CREATE INDEX "metric_reports_path_idx" ON "metric_reports" USING btree ("org_path" text_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "plan_metrics_key_uq" ON "plan_metrics" USING btree ("plan_id","key");--> statement-breakpoint
CREATE INDEX "plan_metrics_task_idx" ON "plan_metrics" USING btree ("task_id");--> statement-breakpoint
CREATE UNIQUE INDEX "plan_tasks_no_uq" ON "plan_tasks" USING btree ("plan_id","no");--> statement-breakpoint
CREATE UNIQUE INDEX "plans_year_uq" ON "plans" USING btree ("year");