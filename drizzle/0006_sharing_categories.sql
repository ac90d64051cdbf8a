-- The achievement category dictionary (成果类别), seeded once; the province edits it afterwards.
-- 五小 is confirmed (全总 brand). The official expansions of 四技 and 两比 are not confirmed
-- (docs/glossary.md), so each enters as one entry marked unconfirmed (待确认), to be split
-- into its items by the province once the 全总 document is found.
INSERT INTO achievement_categories (code, name, family, confirmed, note, sort_order) VALUES
  ('wx-invention', '小发明', '五小', true, NULL, 10),
  ('wx-creation', '小创造', '五小', true, '旧文献中亦作“小改造”', 20),
  ('wx-innovation', '小革新', '五小', true, NULL, 30),
  ('wx-design', '小设计', '五小', true, NULL, 40),
  ('wx-suggestion', '小建议', '五小', true, NULL, 50),
  ('sj', '四技', '四技', false, '“四技”的官方释义待确认（全总“四技五小两比”活动文件），确认后请拆分为具体类别', 60),
  ('lb', '两比', '两比', false, '“两比”的官方释义待确认（全总“四技五小两比”活动文件），确认后请拆分为具体类别', 70)
ON CONFLICT (code) DO NOTHING;
