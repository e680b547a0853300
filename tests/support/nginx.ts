import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { ROOT } from "./paths";

export const NGINX = "/usr/sbin/nginx";
export const NGINX_TEMPLATE = path.join(ROOT, "deploy/nginx.conf.template");

/** deploy/nginx.conf.template with its ${NAME} placeholders filled, as envsubst would. */
export function renderTemplate(vars: Record<string, string>): string {
  const text = fs.readFileSync(NGINX_TEMPLATE, "utf8");
  return text.replace(/\$\{([A-Z0-9_]+)\}/g, (whole, name: string) => {
    if (!(name in vars)) throw new Error(`no value for ${whole} in the nginx template`);
    return vars[name];
  });
}

/**
 * nginx in the foreground as a child of the test, everything under `dir`: the documented site
 * config included from a main config whose pid file, logs and temp paths all stay in `dir`.
 */
export async function startNginx(dir: string, vars: Record<string, string>): Promise<{ stop: () => Promise<void>; errorLog: () => string }> {
  fs.mkdirSync(path.join(dir, "temp"), { recursive: true });
  fs.writeFileSync(path.join(dir, "movies.conf"), renderTemplate(vars));
  const temp = (what: string) => `${what}_temp_path ${path.join(dir, "temp", what)};`;
  fs.writeFileSync(
    path.join(dir, "nginx.conf"),
    [
      "daemon off;",
      // As root, workers would switch to `nobody`, which cannot write the private temp dir.
      process.getuid?.() === 0 ? "user root;" : "",
      "worker_processes 1;",
      `pid ${path.join(dir, "nginx.pid")};`,
      `error_log ${path.join(dir, "error.log")} warn;`,
      "events { worker_connections 512; }",
      "http {",
      "  access_log off;",
      ...["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map((w) => `  ${temp(w)}`),
      `  include ${path.join(dir, "movies.conf")};`,
      "}",
    ].join("\n"),
  );
  const child: ChildProcess = spawn(NGINX, ["-p", dir, "-c", path.join(dir, "nginx.conf"), "-e", path.join(dir, "error.log")], {
    stdio: ["ignore", "ignore", "pipe"],
    detached: true,
  });
  let stderr = "";
  child.stderr?.on("data", (d) => (stderr += d));
  const errorLog = () => stderr + (fs.existsSync(path.join(dir, "error.log")) ? fs.readFileSync(path.join(dir, "error.log"), "utf8") : "");
  const deadline = Date.now() + 10_000;
  while (!fs.existsSync(path.join(dir, "nginx.pid"))) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`nginx did not start:\n${errorLog()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const stop = async () => {
    if (child.exitCode !== null) return;
    const gone = new Promise((r) => child.once("exit", r));
    process.kill(-child.pid!, "SIGKILL");
    await gone;
  };
  return { stop, errorLog };
}
