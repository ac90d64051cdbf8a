-- 对接意向 as 任务督办 counts them (target 5: listings, intentions and deals): one row per
-- intention, placed where the offered achievement lies, dated by the day it was sent (China time).
CREATE VIEW offer_intention_rows AS
  SELECT i.id, o.org_id, i.org_path, i.org_alt_path, i.created_at,
    (i.created_at AT TIME ZONE 'Asia/Shanghai')::date AS sent_on,
    i.message, i.state, NULL::timestamptz AS deleted_at
  FROM offer_intentions i
  JOIN achievement_offers o ON o.id = i.offer_id;
