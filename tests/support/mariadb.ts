import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import mysql from "mysql2/promise";
import { freePort } from "./server";

/**
 * A throwaway MariaDB server of the test's own (own port, own data directory), so a test can
 * kill and restart "the database" without touching the shared one.
 */
export class ScratchMariaDb {
  private child: ChildProcess | undefined;
  port = 0;

  /** `args` replace the default `--skip-log-bin` (a replication primary or replica passes its own). */
  constructor(
    private readonly dir: string,
    private readonly args: string[] = ["--skip-log-bin"],
  ) {}

  get dataDir(): string {
    return this.dir;
  }

  get hostUrl(): string {
    return `mysql://root@127.0.0.1:${this.port}`;
  }

  async init(): Promise<void> {
    fs.mkdirSync(this.dir, { recursive: true });
    const r = spawnSync(
      "mariadb-install-db",
      ["--no-defaults", `--datadir=${this.dir}/data`, "--user=root", "--auth-root-authentication-method=normal", "--skip-test-db"],
      { encoding: "utf8" },
    );
    if (r.status !== 0) throw new Error(`mariadb-install-db failed: ${r.stderr}`);
    this.port = await freePort();
  }

  async start(): Promise<void> {
    this.child = spawn(
      "/usr/sbin/mariadbd",
      [
        "--no-defaults",
        `--datadir=${this.dir}/data`,
        `--port=${this.port}`,
        "--bind-address=127.0.0.1",
        `--socket=${path.join(this.dir, "mysqld.sock")}`,
        `--pid-file=${path.join(this.dir, "mysqld.pid")}`,
        "--user=root",
        "--skip-grant-tables",
        "--innodb-buffer-pool-size=64M",
        ...this.args,
      ],
      { stdio: "ignore", detached: true },
    );
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        const c = await mysql.createConnection({ uri: this.hostUrl, connectTimeout: 500 });
        await c.end();
        return;
      } catch {
        if (Date.now() > deadline) throw new Error("scratch MariaDB did not start in 30 s");
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  }

  /** kill -9: the way a crashed or unplugged database goes away. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const gone = new Promise((r) => child.once("exit", r));
    process.kill(-child.pid!, "SIGKILL");
    await gone;
  }

  /** SIGTERM: a clean shutdown (what a maintenance stop does); resolves once it has exited. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const gone = new Promise((r) => child.once("exit", r));
    process.kill(child.pid!, "SIGTERM");
    await gone;
  }

  async destroy(): Promise<void> {
    await this.kill();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
