CREATE TABLE "metric_reminders" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"metric_id" bigint NOT NULL,
	"org_id" bigint NOT NULL,
	"week_start" date NOT NULL,
	"as_of" date NOT NULL,
	"recipients" integer NOT NULL,
	"sent_by" bigint,
	"sent_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "metric_reminders" ADD CONSTRAINT "metric_reminders_metric_id_plan_metrics_id_fk" FOREIGN KEY ("metric_id") REFERENCES "public"."plan_metrics"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "metric_reminders" ADD CONSTRAINT "metric_reminders_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "metric_reminders" ADD CONSTRAINT "metric_reminders_sent_by_users_id_fk" FOREIGN KEY ("sent_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "metric_reminders_uq" ON "metric_reminders" USING btree ("metric_id","org_id","week_start");