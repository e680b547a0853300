CREATE TABLE `movie_genres` (
	`movie_id` int NOT NULL,
	`genre` varchar(64) NOT NULL,
	CONSTRAINT `movie_genres_movie_id_genre_pk` PRIMARY KEY(`movie_id`,`genre`)
);
--> statement-breakpoint
CREATE TABLE `movies` (
	`id` int AUTO_INCREMENT NOT NULL,
	`title` varchar(500) NOT NULL,
	`original_title` varchar(500) NOT NULL,
	`overview` text NOT NULL,
	`tagline` varchar(1000) NOT NULL DEFAULT '',
	`release_date` date NOT NULL,
	`release_year` smallint NOT NULL,
	`status` varchar(32) NOT NULL DEFAULT 'Released',
	`runtime` int NOT NULL DEFAULT 0,
	`budget` bigint NOT NULL DEFAULT 0,
	`revenue` bigint NOT NULL DEFAULT 0,
	`vote_average` double NOT NULL DEFAULT 0,
	`vote_count` int NOT NULL DEFAULT 0,
	`popularity` double NOT NULL DEFAULT 0,
	`adult` boolean NOT NULL DEFAULT false,
	`imdb_id` varchar(20),
	`original_language` varchar(16) NOT NULL DEFAULT '',
	`homepage` varchar(1000) NOT NULL DEFAULT '',
	`poster_path` varchar(255) NOT NULL DEFAULT '',
	`backdrop_path` varchar(255) NOT NULL DEFAULT '',
	`genres` varchar(1000) NOT NULL DEFAULT '',
	`production_companies` text NOT NULL,
	`production_countries` text NOT NULL,
	`spoken_languages` text NOT NULL,
	`keywords` text NOT NULL,
	`origin` enum('catalog','api') NOT NULL DEFAULT 'catalog',
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`deleted_at` datetime(3),
	CONSTRAINT `movies_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `poster_cache` (
	`imdb_id` varchar(20) NOT NULL,
	`url` varchar(1000),
	`fetched_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `poster_cache_imdb_id` PRIMARY KEY(`imdb_id`)
);
--> statement-breakpoint
CREATE INDEX `movie_genres_genre_idx` ON `movie_genres` (`genre`,`movie_id`);--> statement-breakpoint
CREATE INDEX `movies_popularity_idx` ON `movies` (`popularity`,`id`);--> statement-breakpoint
CREATE INDEX `movies_lang_popularity_idx` ON `movies` (`original_language`,`popularity`,`id`);--> statement-breakpoint
CREATE INDEX `movies_year_popularity_idx` ON `movies` (`release_year`,`popularity`,`id`);--> statement-breakpoint
CREATE INDEX `movies_updated_at_idx` ON `movies` (`updated_at`);--> statement-breakpoint
CREATE INDEX `movies_imdb_idx` ON `movies` (`imdb_id`);