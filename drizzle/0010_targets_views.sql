-- Views that 任务督办 counts from (src/server/features/targets/sources.ts): one row per thing
-- a metric counts, with the path of the organisation it belongs to.
-- Targets 13: members of service teams (one row per membership), enterprises on the platform
-- (规上工业 / 限上服务业 with an enterprise contact account), model workers of provincial level
-- and above in the resource list; target 14: craftsmen taking part in special actions.
CREATE VIEW service_team_member_rows AS
  SELECT c.id, c.name, m.team_id, tm.name AS team_name, m.joined_on,
    tm.org_id, tm.org_path, tm.org_alt_path, tm.created_at,
    coalesce(tm.deleted_at, c.deleted_at) AS deleted_at
  FROM service_team_members m
  JOIN service_teams tm ON tm.id = m.team_id
  JOIN craftsmen c ON c.id = m.craftsman_id;
--> statement-breakpoint
CREATE VIEW service_action_participant_rows AS
  SELECT c.id, c.name, a.id AS action_id, a.title, a.held_on, a.county_id, a.mountain_island,
    a.org_id, a.org_path, a.org_alt_path, a.created_at,
    coalesce(a.deleted_at, c.deleted_at) AS deleted_at
  FROM service_action_participants p
  JOIN service_actions a ON a.id = p.action_id
  JOIN craftsmen c ON c.id = p.craftsman_id;
--> statement-breakpoint
CREATE VIEW platform_enterprises AS
  SELECT e.id, e.name, e.id AS org_id, e.path AS org_path, e.alt_path AS org_alt_path, e.created_at, e.deleted_at,
    j.joined_at
  FROM organizations e
  JOIN LATERAL (
    SELECT min(u.created_at) AS joined_at FROM users u JOIN user_roles r ON r.user_id = u.id
    WHERE u.org_id = e.id AND r.role = 'enterprise_contact' AND u.status = 'active'
  ) j ON j.joined_at IS NOT NULL
  WHERE e.kind = 'enterprise' AND (e.above_scale_industry OR e.above_limit_service);
--> statement-breakpoint
CREATE VIEW platform_model_workers AS
  SELECT c.id, c.name, c.org_id, c.org_path, c.org_alt_path, c.created_at, c.deleted_at
  FROM craftsmen c
  WHERE c.honours @> '[{"id": "zj-model-worker"}]'::jsonb OR c.honours @> '[{"id": "national-model-worker"}]'::jsonb;
