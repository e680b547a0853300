CREATE TABLE `catalog_build` (
	`id` tinyint NOT NULL,
	`build_id` varchar(64) NOT NULL,
	`state` enum('publishing','committed','published') NOT NULL,
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `catalog_build_id` PRIMARY KEY(`id`)
);
