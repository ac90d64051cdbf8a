DROP INDEX "training_sessions_start_idx";--> statement-breakpoint
CREATE INDEX "training_sessions_org_alt_path_idx" ON "training_sessions" USING btree ("org_alt_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "training_sessions_person_times_idx" ON "training_sessions" USING btree ("person_times","id");--> statement-breakpoint
CREATE INDEX "training_sessions_course_idx" ON "training_sessions" USING btree ("course","id");--> statement-breakpoint
CREATE INDEX "training_sessions_course_id_idx" ON "training_sessions" USING btree ("course_id");--> statement-breakpoint
CREATE INDEX "training_sessions_natural_idx" ON "training_sessions" USING btree ("org_id","academy_id","course","start_date");--> statement-breakpoint
CREATE INDEX "training_sessions_start_idx" ON "training_sessions" USING btree ("start_date","id");