// deploy/compose.yaml under docker-compose (issue 30, "more than one machine"):
// one switch, two front ends, nginx sticky on JSESSIONID, the link token from a
// compose secret. Runs inside tests/container/with-dockerd.sh with the images
// localhost/ctisim and localhost/ctisim-nginx loaded (bash .ci/image --nginx).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync, chmodSync } from "node:fs";
import { randomBytes } from "node:crypto";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { checkStickyPair } from "../integration/sticky_pair.mjs";
import { freePort } from "./free_port.mjs";

const exec = promisify(execFile);
const here = path.dirname(fileURLToPath(import.meta.url));
const composeFile = path.join(here, "../../deploy/compose.yaml");
const noDocker = process.env.DOCKER_HOST ? false : "no DOCKER_HOST (run it through tests/container/with-dockerd.sh)";

test("deploy/compose.yaml: a switch, two front ends and nginx; sticky sessions, a call across front ends, the link token in force", {
  skip: noDocker, timeout: 120000,
}, async (t) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "ctisim-compose-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const token = path.join(dir, "link-token");
  writeFileSync(token, randomBytes(16).toString("hex") + "\n");
  chmodSync(token, 0o644); // bind-mounted as /run/secrets/link_token for user 10001
  const port = await freePort();
  const project = `ctisimtest${process.pid}`;
  const env = { ...process.env, CTISIM_LINK_TOKEN_SECRET: token, CTISIM_COMPOSE_PORT: String(port) };
  const compose = (...args) => exec("docker-compose", ["-p", project, "-f", composeFile, ...args], { env });
  t.after(() => compose("down", "--timeout", "5").catch(() => {}));
  // up -d returns once nginx started, which waits for both front ends to be healthy.
  await compose("up", "-d").catch(async (e) => {
    const logs = await compose("logs").then((r) => r.stdout, () => "");
    throw new Error(`${e.message}\n${logs}`);
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    // The control API through nginx (any front end; the image serves every client).
    assert.equal((await fetch(`${url}/sim/v1/health`)).status, 200);
    assert.equal((await fetch(`${url}/sim/v1/reset`, { method: "POST" })).status, 200);
    await checkStickyPair(t, url);

    // The switch obeys only front ends with the secret's token.
    const refused = await exec("docker", ["run", "--rm", "--network", `${project}_default`, "localhost/ctisim:latest",
      "serve", "--backend", "tcp://switch:7000", "--link-token", "a-guess"]).then(() => null, (e) => e);
    assert.ok(refused, "a front end with another token must not start");
    assert.match(refused.stderr, /refused this front end/);
  } catch (error) {
    t.diagnostic((await compose("logs", "--no-color").catch(() => ({ stdout: "" }))).stdout);
    throw error;
  }
});
