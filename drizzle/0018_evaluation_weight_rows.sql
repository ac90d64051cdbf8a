CREATE TABLE "evaluation_weight_versions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"year" integer NOT NULL,
	"version" integer NOT NULL,
	"weights" jsonb NOT NULL,
	"note" text,
	"changed_by" bigint,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "evaluation_weights" ADD COLUMN "note" text;--> statement-breakpoint
CREATE UNIQUE INDEX "evaluation_weight_versions_uq" ON "evaluation_weight_versions" USING btree ("year","version");--> statement-breakpoint
-- The weights are data: 2025 (the work plan's year) starts with the plan's weights, unless the
-- province has already set that year; every current row becomes its year's first recorded version.
INSERT INTO "evaluation_weights" ("year", "weights", "version", "note")
SELECT 2025, '{"solved":25,"rating":20,"response":15,"benefit":15,"mountainIsland":15,"trained":10}'::jsonb, 1,
       '初始权重（2025 年工作方案：解决需求 25、企业评价 20、响应时间 15、企业效益 15、山区海岛县服务 15、培训职工 10）'
WHERE NOT EXISTS (SELECT 1 FROM "evaluation_weights" WHERE "year" = 2025);
--> statement-breakpoint
INSERT INTO "evaluation_weight_versions" ("year", "version", "weights", "note", "changed_by", "changed_at")
SELECT "year", "version", "weights", coalesce("note", '升级时的现行权重'), "updated_by", "updated_at"
FROM "evaluation_weights";
