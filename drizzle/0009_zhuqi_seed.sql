-- 劳模工匠助企行: the six kinds of help of the plan, as the editable dictionary's first entries.
INSERT INTO "demand_categories" ("name", "sort_order") VALUES
  ('工艺设计质量', 1),
  ('节能降耗', 2),
  ('设备改造', 3),
  ('管理提升', 4),
  ('职工技能', 5),
  ('职业安全健康', 6)
ON CONFLICT ("name") DO NOTHING;
