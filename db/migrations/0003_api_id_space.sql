CREATE TABLE `api_id_counter` (
	`id` tinyint NOT NULL,
	`last_id` int NOT NULL,
	CONSTRAINT `api_id_counter_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `publish_gate` (
	`id` tinyint NOT NULL,
	CONSTRAINT `publish_gate_id` PRIMARY KEY(`id`)
);

--> statement-breakpoint
INSERT INTO `api_id_counter` (`id`, `last_id`) SELECT 1, GREATEST(1999999999, COALESCE(MAX(`id`), 0)) FROM `movies` WHERE `id` >= 2000000000;
--> statement-breakpoint
INSERT INTO `publish_gate` (`id`) VALUES (1);