/**
 * node-gyp helpers for the install steps that compile native addons: scripts/build-native-ann.mjs
 * (hnswlib-node with -march=native) and scripts/build-hnsw-builder.mjs (the parallel index builder).
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

function nodeGypScript() {
  const candidates = [
    process.env.npm_config_node_gyp, // set by npm for lifecycle scripts
    path.join(path.dirname(process.execPath), "..", "lib", "node_modules", "npm", "node_modules", "node-gyp", "bin", "node-gyp.js"),
  ];
  const found = candidates.find((c) => c && fs.existsSync(c));
  if (!found) throw new Error("node-gyp not found (it ships with npm)");
  return found;
}

/** The node_modules folder holding node-addon-api, which binding.gyp resolves with `require`. */
export function addonApiModules(pkgDir) {
  for (const from of [path.join(pkgDir, "package.json"), import.meta.url]) {
    try {
      return path.dirname(path.dirname(createRequire(from).resolve("node-addon-api/package.json")));
    } catch {
      // try the next place
    }
  }
  throw new Error("node-addon-api not found");
}

/** node-gyp downloads headers unless told where they are: use the running node's own, when installed. */
function nodeDirArgs() {
  const prefix = path.resolve(path.dirname(process.execPath), "..");
  const own = !process.env.npm_config_nodedir && fs.existsSync(path.join(prefix, "include", "node", "node_api.h"));
  return own ? [`--nodedir=${prefix}`] : [];
}

/** The compiler's or python's own complaint, then node-gyp's summary: enough for one line. */
function failureCause(res) {
  const lines = `${res.stderr ?? ""}`.split("\n").map((l) => l.trim()).filter(Boolean);
  const tool = lines.find((l) => !l.startsWith("gyp ") && /\berror\b|not found|No such file/i.test(l));
  const gyp = lines.find((l) => l.includes("gyp ERR! stack Error: "))?.replace(/.*stack Error: /, "");
  return [tool, gyp].filter(Boolean).join("; ") || res.error?.message || `exit ${res.status ?? res.signal}`;
}

/**
 * `node-gyp rebuild --release` in `workDir` with `flags` added to CFLAGS and CXXFLAGS; `modules`
 * (node_modules folders) is where binding.gyp's `require` calls look. Throws with the cause.
 */
export function gypRebuild(workDir, flags, modules) {
  const withFlags = (name) => `${process.env[name] ?? ""} ${flags}`.trim();
  const res = spawnSync(process.execPath, [nodeGypScript(), "rebuild", "--release", ...nodeDirArgs()], {
    cwd: workDir,
    env: { ...process.env, CFLAGS: withFlags("CFLAGS"), CXXFLAGS: withFlags("CXXFLAGS"), NODE_PATH: [...new Set(modules)].join(path.delimiter) },
    encoding: "utf8",
    timeout: 15 * 60_000,
  });
  if (res.status !== 0) throw new Error(`node-gyp: ${failureCause(res)}`);
}
