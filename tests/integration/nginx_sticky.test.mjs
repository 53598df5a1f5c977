// docs/nginx-sticky.conf, run by Debian's nginx in front of two front ends that
// share one switch (--session-route a / b): logins spread over both, every later
// request of a session (REST and CometD) sticks to the front end that issued its
// JSESSIONID, and a call between agents on different front ends is seen by both.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ctisimBin, spawnUntil, startServer } from "./harness.mjs";
import { checkStickyPair } from "./sticky_pair.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const template = path.join(here, "../../docs/nginx-sticky.conf");
const nginxBin = ["/usr/sbin/nginx", "/usr/bin/nginx"].find((p) => existsSync(p));

/** A port nobody listens on right now (nginx cannot report the one it picks for port 0). */
async function freePort() {
  const server = net.createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The docs template with its three addresses replaced (each must be there to replace). */
function configFor(listenPort, portA, portB) {
  let text = readFileSync(template, "utf8");
  for (const [from, to] of [["127.0.0.1:8080", listenPort], ["127.0.0.1:8081", portA], ["127.0.0.1:8082", portB]]) {
    assert.ok(text.includes(from), `docs/nginx-sticky.conf no longer mentions ${from}`);
    text = text.replaceAll(from, `127.0.0.1:${to}`);
  }
  return text;
}

/** Runs nginx (foreground, own prefix) on the config and resolves once it proxies to a front end. */
async function startNginx(t, config, port) {
  const prefix = mkdtempSync(path.join(os.tmpdir(), "ctisim-nginx-"));
  t.after(() => rmSync(prefix, { recursive: true, force: true }));
  const conf = path.join(prefix, "nginx.conf");
  writeFileSync(conf, config);
  const child = spawn(nginxBin, ["-p", prefix, "-c", conf, "-e", path.join(prefix, "error.log")],
    { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (d) => { output += d; });
  child.stderr.on("data", (d) => { output += d; });
  const exited = once(child, "exit");
  t.after(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM"); // the master stops its worker
      await exited;
    }
  });
  const log = () => {
    const read = (f) => (existsSync(path.join(prefix, f)) ? readFileSync(path.join(prefix, f), "utf8") : "");
    return `${output}\n-- error.log\n${read("error.log")}\n-- access.log\n${read("access.log")}`;
  };
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error("nginx exited:\n" + log());
    try {
      if ((await fetch(url + "/api/v2/diagnostics/version")).status === 200) return { url, log };
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("nginx did not start proxying:\n" + log());
}

test("nginx sticky on JSESSIONID in front of two front ends sharing one switch", { timeout: 60000 }, async (t) => {
  if (!nginxBin) {
    t.skip("nginx is not installed (apt-get install nginx-light; .ci/setup.sh does)");
    return;
  }
  const { child: sw, match: switchPort } = await spawnUntil(ctisimBin,
    ["switch", "--listen", "127.0.0.1:0", "--log-level", "warn"], /listening on tcp:\/\/127\.0\.0\.1:(\d+)/,
    "ctisim switch");
  t.after(async () => {
    if (sw.exitCode === null && sw.signalCode === null) {
      sw.kill("SIGTERM");
      await once(sw, "exit");
    }
  });
  const link = ["--backend", `tcp://127.0.0.1:${switchPort}`];
  const fronts = {};
  for (const route of ["a", "b"]) {
    fronts[route] = await startServer([...link, "--session-route", route]);
    t.after(() => fronts[route].stop());
  }
  const port = (s) => new URL(s.url).port;
  const nginxPort = await freePort();
  const nginx = await startNginx(t, configFor(nginxPort, port(fronts.a), port(fronts.b)), nginxPort);
  t.diagnostic("nginx on " + nginx.url);

  try {
    await checkStickyPair(t, nginx.url, { a: fronts.a.url, b: fronts.b.url });
  } catch (error) {
    t.diagnostic(nginx.log());
    throw error;
  }
});
