import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ROOT } from "../support/paths";

describe("docker-compose MySQL", () => {
  const compose = parse(fs.readFileSync(path.join(ROOT, "docker-compose.yml"), "utf8"));
  const mysql = compose.services.mysql;

  it("listens on loopback only", () => {
    expect(mysql.ports).toEqual(["127.0.0.1:3306:3306"]);
  });

  it("requires a root password from .env instead of allowing an empty one", () => {
    expect(mysql.environment.MYSQL_ALLOW_EMPTY_PASSWORD).toBeUndefined();
    expect(mysql.environment.MYSQL_RANDOM_ROOT_PASSWORD).toBeUndefined();
    // ${VAR:?message}: compose refuses to start when it is unset or empty
    expect(mysql.environment.MYSQL_ROOT_PASSWORD).toMatch(/^\$\{MYSQL_ROOT_PASSWORD:\?[^}]+\}$/);
    expect(fs.readFileSync(path.join(ROOT, ".env.example"), "utf8")).toMatch(/^MYSQL_ROOT_PASSWORD=$/m);
  });

  it("keeps LOAD DATA LOCAL INFILE off", () => {
    const flags: string[] = mysql.command ?? [];
    expect(flags).toContain("--local-infile=0");
    expect(flags.filter((f) => /local[-_]infile/.test(f))).toEqual(["--local-infile=0"]);
  });
});

describe("production dependencies", () => {
  it("no longer pull in natural and the database clients it brought (mongoose, mongodb, redis, memjs)", () => {
    const out = execFileSync("npm", ["ls", "--omit=dev", "--all", "--parseable"], { cwd: ROOT, encoding: "utf8" });
    const names = new Set(out.split("\n").filter(Boolean).map((p) => path.relative(path.join(ROOT, "node_modules"), p).split(path.sep + "node_modules" + path.sep).pop()));
    for (const pkg of ["natural", "mongoose", "mongodb", "redis", "memjs", "sylvester", "apparatus"]) expect(names.has(pkg), pkg).toBe(false);
    expect(names.has("stemmer")).toBe(true);
  });
});
