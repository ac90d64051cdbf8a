CREATE TABLE "evaluation_weights" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"year" integer NOT NULL,
	"weights" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "evaluation_weights_year_uq" ON "evaluation_weights" USING btree ("year");