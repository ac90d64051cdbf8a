-- Decision 026: the database's dates are Zhejiang's (Asia/Shanghai), whatever the server's TimeZone.
-- The rollups, filled until now in the session's time zone (UTC on PGlite), are refilled in it.
SET LOCAL statement_timeout = 0;
--> statement-breakpoint
SET LOCAL TIME ZONE 'Asia/Shanghai';
--> statement-breakpoint
DELETE FROM "rollup_workstations";
--> statement-breakpoint
insert into "rollup_workstations" as r ("grain", "day", "org_path", "org_alt_path", "level", "enterprise_id", "n")
    select g.grain, g.day, x."org_path", x."org_alt_path", x."level", x."enterprise_id", count(*)
    from (select least(greatest(t.created_at::date, make_date(t."year", 1, 1)), make_date(t."year", 12, 31)) as ed, t.org_path as "org_path", t.org_alt_path as "org_alt_path", t."level" as "level", t."enterprise_id" as "enterprise_id" from "workstations" t where t.deleted_at is null) x
    cross join lateral (values ('d', x.ed), ('m', x.ed - (extract(day from x.ed)::int - 1))) g(grain, day)
    where x.ed is not null
    group by 1, 2, 3, 4, 5, 6
    order by 1, 2, 3, 4, 5, 6
    on conflict ("grain", "day", "org_path", "org_alt_path", "level", "enterprise_id") do update set "n" = r."n" + excluded."n";
--> statement-breakpoint
DELETE FROM "rollup_studios";
--> statement-breakpoint
insert into "rollup_studios" as r ("grain", "day", "org_path", "org_alt_path", "level", "enterprise_id", "n")
    select g.grain, g.day, x."org_path", x."org_alt_path", x."level", x."enterprise_id", count(*)
    from (select least(greatest(t.created_at::date, make_date(t."year", 1, 1)), make_date(t."year", 12, 31)) as ed, t.org_path as "org_path", t.org_alt_path as "org_alt_path", t."level" as "level", t."enterprise_id" as "enterprise_id" from "studios" t where t.deleted_at is null) x
    cross join lateral (values ('d', x.ed), ('m', x.ed - (extract(day from x.ed)::int - 1))) g(grain, day)
    where x.ed is not null
    group by 1, 2, 3, 4, 5, 6
    order by 1, 2, 3, 4, 5, 6
    on conflict ("grain", "day", "org_path", "org_alt_path", "level", "enterprise_id") do update set "n" = r."n" + excluded."n";
--> statement-breakpoint
DELETE FROM "rollup_grants";
--> statement-breakpoint
insert into "rollup_grants" as r ("grain", "day", "org_path", "org_alt_path", "recipient_kind", "source_level", "purpose", "studio_id", "project_id", "n", "amount")
    select g.grain, g.day, x."org_path", x."org_alt_path", x."recipient_kind", x."source_level", x."purpose", x."studio_id", x."project_id", count(*), coalesce(sum(x."amount"), 0)
    from (select least(greatest(t.created_at::date, make_date(t."year", 1, 1)), make_date(t."year", 12, 31)) as ed, t.org_path as "org_path", t.org_alt_path as "org_alt_path", t."recipient_kind" as "recipient_kind", t."source_level" as "source_level", t."purpose" as "purpose", t."studio_id" as "studio_id", t."project_id" as "project_id", t."amount" as "amount" from "grants" t where t.deleted_at is null) x
    cross join lateral (values ('d', x.ed), ('m', x.ed - (extract(day from x.ed)::int - 1))) g(grain, day)
    where x.ed is not null
    group by 1, 2, 3, 4, 5, 6, 7, 8, 9
    order by 1, 2, 3, 4, 5, 6, 7, 8, 9
    on conflict ("grain", "day", "org_path", "org_alt_path", "recipient_kind", "source_level", "purpose", "studio_id", "project_id") do update set "n" = r."n" + excluded."n", "amount" = r."amount" + excluded."amount";
--> statement-breakpoint
DELETE FROM "rollup_alliances";
--> statement-breakpoint
insert into "rollup_alliances" as r ("grain", "day", "org_path", "org_alt_path", "batch", "n")
    select g.grain, g.day, x."org_path", x."org_alt_path", x."batch", count(*)
    from (select least(greatest(t.created_at::date, make_date(t."year", 1, 1)), make_date(t."year", 12, 31)) as ed, t.org_path as "org_path", t.org_alt_path as "org_alt_path", t."batch" as "batch" from "alliances" t where t.deleted_at is null) x
    cross join lateral (values ('d', x.ed), ('m', x.ed - (extract(day from x.ed)::int - 1))) g(grain, day)
    where x.ed is not null
    group by 1, 2, 3, 4, 5
    order by 1, 2, 3, 4, 5
    on conflict ("grain", "day", "org_path", "org_alt_path", "batch") do update set "n" = r."n" + excluded."n";
--> statement-breakpoint
DELETE FROM "rollup_candidates";
--> statement-breakpoint
insert into "rollup_candidates" as r ("grain", "day", "org_path", "org_alt_path", "employer_id", "studio_id", "n")
    select g.grain, g.day, x."org_path", x."org_alt_path", x."employer_id", x."studio_id", count(*)
    from (select least(greatest(t.created_at::date, make_date(t."year", 1, 1)), make_date(t."year", 12, 31)) as ed, t.org_path as "org_path", t.org_alt_path as "org_alt_path", t."employer_id" as "employer_id", case when t."studio_id" is not null then 1 end::smallint as "studio_id" from "candidates" t where t.deleted_at is null) x
    cross join lateral (values ('d', x.ed), ('m', x.ed - (extract(day from x.ed)::int - 1))) g(grain, day)
    where x.ed is not null
    group by 1, 2, 3, 4, 5, 6
    order by 1, 2, 3, 4, 5, 6
    on conflict ("grain", "day", "org_path", "org_alt_path", "employer_id", "studio_id") do update set "n" = r."n" + excluded."n";
--> statement-breakpoint
DELETE FROM "rollup_cohorts";
--> statement-breakpoint
insert into "rollup_cohorts" as r ("grain", "day", "org_path", "org_alt_path", "n", "participants")
    select g.grain, g.day, x."org_path", x."org_alt_path", count(*), coalesce(sum(x."participants"), 0)
    from (select t."start_date" as ed, t.org_path as "org_path", t.org_alt_path as "org_alt_path", t."participants" as "participants" from "cohorts" t where t.deleted_at is null) x
    cross join lateral (values ('d', x.ed), ('m', x.ed - (extract(day from x.ed)::int - 1))) g(grain, day)
    where x.ed is not null
    group by 1, 2, 3, 4
    order by 1, 2, 3, 4
    on conflict ("grain", "day", "org_path", "org_alt_path") do update set "n" = r."n" + excluded."n", "participants" = r."participants" + excluded."participants";
--> statement-breakpoint
DELETE FROM "rollup_academies";
--> statement-breakpoint
insert into "rollup_academies" as r ("grain", "day", "org_path", "org_alt_path", "kind", "level", "n")
    select g.grain, g.day, x."org_path", x."org_alt_path", x."kind", x."level", count(*)
    from (select least(greatest(t.created_at::date, make_date(t."year_established", 1, 1)), make_date(t."year_established", 12, 31)) as ed, t.org_path as "org_path", t.org_alt_path as "org_alt_path", t."kind" as "kind", t."level" as "level" from "academies" t where t.deleted_at is null) x
    cross join lateral (values ('d', x.ed), ('m', x.ed - (extract(day from x.ed)::int - 1))) g(grain, day)
    where x.ed is not null
    group by 1, 2, 3, 4, 5, 6
    order by 1, 2, 3, 4, 5, 6
    on conflict ("grain", "day", "org_path", "org_alt_path", "kind", "level") do update set "n" = r."n" + excluded."n";
--> statement-breakpoint
DELETE FROM "rollup_training_sessions";
--> statement-breakpoint
insert into "rollup_training_sessions" as r ("grain", "day", "org_path", "org_alt_path", "demonstration", "triz", "n", "person_times")
    select g.grain, g.day, x."org_path", x."org_alt_path", x."demonstration", x."triz", count(*), coalesce(sum(x."person_times"), 0)
    from (select t."start_date" as ed, t.org_path as "org_path", t.org_alt_path as "org_alt_path", t."demonstration" as "demonstration", t."triz" as "triz", t."person_times" as "person_times" from "training_sessions" t where t.deleted_at is null) x
    cross join lateral (values ('d', x.ed), ('m', x.ed - (extract(day from x.ed)::int - 1))) g(grain, day)
    where x.ed is not null
    group by 1, 2, 3, 4, 5, 6
    order by 1, 2, 3, 4, 5, 6
    on conflict ("grain", "day", "org_path", "org_alt_path", "demonstration", "triz") do update set "n" = r."n" + excluded."n", "person_times" = r."person_times" + excluded."person_times";
--> statement-breakpoint
DELETE FROM "rollup_upgrades";
--> statement-breakpoint
insert into "rollup_upgrades" as r ("grain", "day", "org_path", "org_alt_path", "n", "people")
    select g.grain, g.day, x."org_path", x."org_alt_path", count(*), coalesce(sum(x."people"), 0)
    from (select t."period_end" as ed, t.org_path as "org_path", t.org_alt_path as "org_alt_path", t."people" as "people" from "upgrades" t where t.deleted_at is null) x
    cross join lateral (values ('d', x.ed), ('m', x.ed - (extract(day from x.ed)::int - 1))) g(grain, day)
    where x.ed is not null
    group by 1, 2, 3, 4
    order by 1, 2, 3, 4
    on conflict ("grain", "day", "org_path", "org_alt_path") do update set "n" = r."n" + excluded."n", "people" = r."people" + excluded."people";
--> statement-breakpoint
DELETE FROM "rollup_competitions";
--> statement-breakpoint
insert into "rollup_competitions" as r ("grain", "day", "org_path", "org_alt_path", "level", "n", "participants", "promotions")
    select g.grain, g.day, x."org_path", x."org_alt_path", x."level", count(*), coalesce(sum(x."participants"), 0), coalesce(sum(x."promotions"), 0)
    from (select t."start_date" as ed, t.org_path as "org_path", t.org_alt_path as "org_alt_path", t."level" as "level", t."participants" as "participants", t."promotions" as "promotions" from "competitions" t where t.deleted_at is null) x
    cross join lateral (values ('d', x.ed), ('m', x.ed - (extract(day from x.ed)::int - 1))) g(grain, day)
    where x.ed is not null
    group by 1, 2, 3, 4, 5
    order by 1, 2, 3, 4, 5
    on conflict ("grain", "day", "org_path", "org_alt_path", "level") do update set "n" = r."n" + excluded."n", "participants" = r."participants" + excluded."participants", "promotions" = r."promotions" + excluded."promotions";
--> statement-breakpoint
DELETE FROM "rollup_wage_negotiations";
--> statement-breakpoint
insert into "rollup_wage_negotiations" as r ("grain", "day", "org_path", "org_alt_path", "enterprise_id", "n")
    select g.grain, g.day, x."org_path", x."org_alt_path", x."enterprise_id", count(*)
    from (select least(greatest(t.created_at::date, make_date(t."year", 1, 1)), make_date(t."year", 12, 31)) as ed, t.org_path as "org_path", t.org_alt_path as "org_alt_path", t."enterprise_id" as "enterprise_id" from "wage_negotiations" t where t.deleted_at is null) x
    cross join lateral (values ('d', x.ed), ('m', x.ed - (extract(day from x.ed)::int - 1))) g(grain, day)
    where x.ed is not null
    group by 1, 2, 3, 4, 5
    order by 1, 2, 3, 4, 5
    on conflict ("grain", "day", "org_path", "org_alt_path", "enterprise_id") do update set "n" = r."n" + excluded."n";
