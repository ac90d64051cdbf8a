CREATE TABLE "achievement_authors" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"achievement_id" bigint NOT NULL,
	"seq" integer NOT NULL,
	"name" text NOT NULL,
	"role" text,
	"title" text,
	"phone" text,
	"user_id" bigint,
	"public_consent" boolean DEFAULT false NOT NULL,
	"consent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "achievement_categories" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"family" text NOT NULL,
	"confirmed" boolean DEFAULT true NOT NULL,
	"note" text,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "achievement_deals" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"offer_id" bigint NOT NULL,
	"intention_id" bigint,
	"org_id" bigint NOT NULL,
	"org_path" text NOT NULL,
	"org_alt_path" text,
	"buyer_org_id" bigint,
	"buyer_name" text NOT NULL,
	"amount" numeric(14, 2) NOT NULL,
	"signed_on" date NOT NULL,
	"note" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "achievement_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"achievement_id" bigint NOT NULL,
	"action" text NOT NULL,
	"from_state" text,
	"to_state" text NOT NULL,
	"reason" text,
	"user_id" bigint,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "achievement_lexemes" (
	"lexeme" text PRIMARY KEY NOT NULL,
	"df" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "achievement_offers" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"achievement_id" bigint NOT NULL,
	"org_id" bigint NOT NULL,
	"org_path" text NOT NULL,
	"org_alt_path" text,
	"mode" text NOT NULL,
	"terms" text NOT NULL,
	"price" numeric(14, 2),
	"negotiable" boolean DEFAULT false NOT NULL,
	"contact_name" text,
	"contact_phone" text,
	"state" text DEFAULT 'open' NOT NULL,
	"listed_on" date NOT NULL,
	"closed_on" date,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "achievements" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"org_id" bigint NOT NULL,
	"org_path" text NOT NULL,
	"org_alt_path" text,
	"city_code" text,
	"county_code" text,
	"industry_section" text,
	"industry_division" text,
	"title" text NOT NULL,
	"category_id" bigint NOT NULL,
	"year" integer NOT NULL,
	"studio_id" bigint,
	"description" text NOT NULL,
	"benefit_amount" numeric(14, 2),
	"benefit_note" text,
	"patents" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"awards" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"state" text DEFAULT 'draft' NOT NULL,
	"return_reason" text,
	"submitted_at" timestamp with time zone,
	"reviewed_at" timestamp with time zone,
	"published_at" timestamp with time zone,
	"search_vector" "tsvector",
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" bigint,
	"updated_by" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "exchange_activities" (
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
	"mode" text NOT NULL,
	"county_code" text NOT NULL,
	"held_on" date NOT NULL,
	"cross_region" boolean DEFAULT false NOT NULL,
	"cross_industry" boolean DEFAULT false NOT NULL,
	"participants" integer NOT NULL,
	"partners" text,
	"summary" text
);
--> statement-breakpoint
CREATE TABLE "intention_notes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"intention_id" bigint NOT NULL,
	"note" text NOT NULL,
	"user_id" bigint,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "lectures" (
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
	"topic" text NOT NULL,
	"held_on" date NOT NULL,
	"speaker" text,
	"venue" text,
	"audience" text NOT NULL,
	"audience_count" integer
);
--> statement-breakpoint
CREATE TABLE "offer_intentions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"offer_id" bigint NOT NULL,
	"org_path" text NOT NULL,
	"org_alt_path" text,
	"sender_org_id" bigint NOT NULL,
	"sender_path" text NOT NULL,
	"message" text NOT NULL,
	"contact_name" text NOT NULL,
	"contact_phone" text,
	"state" text DEFAULT 'sent' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "achievement_authors" ADD CONSTRAINT "achievement_authors_achievement_id_achievements_id_fk" FOREIGN KEY ("achievement_id") REFERENCES "public"."achievements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "achievement_authors" ADD CONSTRAINT "achievement_authors_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "achievement_deals" ADD CONSTRAINT "achievement_deals_offer_id_achievement_offers_id_fk" FOREIGN KEY ("offer_id") REFERENCES "public"."achievement_offers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "achievement_deals" ADD CONSTRAINT "achievement_deals_intention_id_offer_intentions_id_fk" FOREIGN KEY ("intention_id") REFERENCES "public"."offer_intentions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "achievement_deals" ADD CONSTRAINT "achievement_deals_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "achievement_deals" ADD CONSTRAINT "achievement_deals_buyer_org_id_organizations_id_fk" FOREIGN KEY ("buyer_org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "achievement_events" ADD CONSTRAINT "achievement_events_achievement_id_achievements_id_fk" FOREIGN KEY ("achievement_id") REFERENCES "public"."achievements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "achievement_offers" ADD CONSTRAINT "achievement_offers_achievement_id_achievements_id_fk" FOREIGN KEY ("achievement_id") REFERENCES "public"."achievements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "achievement_offers" ADD CONSTRAINT "achievement_offers_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "achievements" ADD CONSTRAINT "achievements_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "achievements" ADD CONSTRAINT "achievements_category_id_achievement_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."achievement_categories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "achievements" ADD CONSTRAINT "achievements_studio_id_studios_id_fk" FOREIGN KEY ("studio_id") REFERENCES "public"."studios"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_activities" ADD CONSTRAINT "exchange_activities_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intention_notes" ADD CONSTRAINT "intention_notes_intention_id_offer_intentions_id_fk" FOREIGN KEY ("intention_id") REFERENCES "public"."offer_intentions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lectures" ADD CONSTRAINT "lectures_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offer_intentions" ADD CONSTRAINT "offer_intentions_offer_id_achievement_offers_id_fk" FOREIGN KEY ("offer_id") REFERENCES "public"."achievement_offers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offer_intentions" ADD CONSTRAINT "offer_intentions_sender_org_id_organizations_id_fk" FOREIGN KEY ("sender_org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "achievement_authors_achievement_idx" ON "achievement_authors" USING btree ("achievement_id");--> statement-breakpoint
CREATE UNIQUE INDEX "achievement_categories_code_uq" ON "achievement_categories" USING btree ("code");--> statement-breakpoint
CREATE INDEX "achievement_deals_org_path_idx" ON "achievement_deals" USING btree ("org_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "achievement_deals_offer_idx" ON "achievement_deals" USING btree ("offer_id");--> statement-breakpoint
CREATE INDEX "achievement_events_achievement_idx" ON "achievement_events" USING btree ("achievement_id");--> statement-breakpoint
CREATE INDEX "achievement_offers_org_path_idx" ON "achievement_offers" USING btree ("org_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "achievement_offers_achievement_idx" ON "achievement_offers" USING btree ("achievement_id");--> statement-breakpoint
CREATE INDEX "achievements_org_path_idx" ON "achievements" USING btree ("org_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "achievements_org_alt_path_idx" ON "achievements" USING btree ("org_alt_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "achievements_state_year_idx" ON "achievements" USING btree ("state","year");--> statement-breakpoint
CREATE INDEX "achievements_org_idx" ON "achievements" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "achievements_search_idx" ON "achievements" USING gin ("search_vector");--> statement-breakpoint
CREATE INDEX "achievements_published_idx" ON "achievements" USING btree ("published_at") WHERE "achievements"."state" = 'published' and "achievements"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "exchange_activities_org_path_idx" ON "exchange_activities" USING btree ("org_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "exchange_activities_held_idx" ON "exchange_activities" USING btree ("held_on");--> statement-breakpoint
CREATE INDEX "intention_notes_intention_idx" ON "intention_notes" USING btree ("intention_id");--> statement-breakpoint
CREATE INDEX "lectures_org_path_idx" ON "lectures" USING btree ("org_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "lectures_held_idx" ON "lectures" USING btree ("held_on");--> statement-breakpoint
CREATE INDEX "offer_intentions_org_path_idx" ON "offer_intentions" USING btree ("org_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "offer_intentions_sender_path_idx" ON "offer_intentions" USING btree ("sender_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "offer_intentions_offer_idx" ON "offer_intentions" USING btree ("offer_id");