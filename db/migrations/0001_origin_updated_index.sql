DROP INDEX `movies_updated_at_idx` ON `movies`;--> statement-breakpoint
CREATE INDEX `movies_origin_updated_idx` ON `movies` (`origin`,`updated_at`);