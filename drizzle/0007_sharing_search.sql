-- Document frequencies of the achievements' search lexemes, kept by a trigger, so that a
-- search weighs rare words above common ones (docs/decisions/008-chinese-search.md).
-- The row '#docs' counts the documents (no search token contains '#').
CREATE OR REPLACE FUNCTION achievement_lexemes_apply(v tsvector, delta integer) RETURNS void AS $$
BEGIN
  IF v IS NULL THEN RETURN; END IF;
  INSERT INTO achievement_lexemes (lexeme, df)
    SELECT l, delta FROM unnest(tsvector_to_array(v)) AS l
    UNION ALL SELECT '#docs', delta
  ON CONFLICT (lexeme) DO UPDATE SET df = achievement_lexemes.df + excluded.df;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION achievement_lexemes_track() RETURNS trigger AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM achievement_lexemes_apply(OLD.search_vector, -1); END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN PERFORM achievement_lexemes_apply(NEW.search_vector, 1); END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER achievements_lexemes AFTER INSERT OR DELETE OR UPDATE OF search_vector ON achievements
  FOR EACH ROW EXECUTE FUNCTION achievement_lexemes_track();
