// The image under a real container engine (issue 30): docker, started by
// tests/container/with-dockerd.sh (DOCKER_HOST), the image loaded into it. Every
// port is published on loopback only. The README's line, the control access
// modes, the healthcheck with a read-only root filesystem and the non-root user,
// and the web console in Chromium, each from the host, through the published
// port: the connection reaches ctisim from the bridge, not from its loopback.
//
//   bash tests/container/with-dockerd.sh --load localhost/ctisim:latest node --test tests/container/
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { once } from "node:events";
import { promisify } from "node:util";
import { spawnUntil, basic } from "../integration/harness.mjs";
import { openConsolePage, logIn, noChromium } from "../integration/console_page.mjs";
import { startCtisim, waitHealthy } from "../../clients/node/src/index.js";
import { freePort } from "./free_port.mjs";

const exec = promisify(execFile);
const image = process.env.CTISIM_IMAGE ?? "localhost/ctisim:latest";
const noDocker = process.env.DOCKER_HOST ? false : "no DOCKER_HOST (run it through tests/container/with-dockerd.sh)";

const docker = async (...args) => (await exec("docker", args)).stdout.trim();

let names = 0;
/**
 * `docker run --rm -p 127.0.0.1:PORT:8080 [ARGS] IMAGE`, attached as the README
 * runs it; resolves once the banner is printed: {url, name, child, banner()}.
 * The container is removed after the test.
 */
async function runAttached(t, args = []) {
  const port = await freePort();
  const name = `ctisim-test-${process.pid}-${++names}`;
  t.after(() => docker("rm", "-f", name).catch(() => {}));
  const { child, output } = await spawnUntil("docker",
    ["run", "--rm", "--name", name, "-p", `127.0.0.1:${port}:8080`, ...args, image],
    /(control for .*)\n/, `docker run ${image}`);
  return { url: `http://127.0.0.1:${port}`, name, child, banner: output };
}

/** Once the program answers its own health command (on the container's loopback). */
async function healthyInside(name) {
  for (let i = 0; ; ++i) {
    const ok = await docker("exec", name, "/usr/bin/ctisim", "health").then(() => true, () => false);
    if (ok) return;
    if (i > 200) throw new Error(`${name}: ctisim health never passed`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const json = (method, body, headers = {}) => ({
  method,
  headers: { "Content-Type": "application/json", ...headers },
  body: body === undefined ? undefined : JSON.stringify(body),
});

test("the README's `docker run --rm -p 8080:8080 localhost/ctisim`, published on loopback: control API, GWS and console from the host", {
  skip: noDocker, timeout: 60000,
}, async (t) => {
  const { url, child, banner } = await runAttached(t);
  assert.match(banner(), /control for\s+every client \(--control-access open\)/);
  await waitHealthy(url, 10000);

  // The control API, from the host through the published port.
  assert.equal((await fetch(`${url}/sim/v1/reset`, json("POST"))).status, 200);
  const injected = await fetch(`${url}/sim/v1/calls`, json("POST", { from: "+15551234", to: "15000" }));
  assert.equal(injected.status, 200);
  const { connId } = await injected.json();
  assert.match(connId, /^[0-9a-f]{16}$/);
  const journal = await (await fetch(`${url}/sim/v1/journal?connId=${connId}&wait=5000`)).json();
  assert.ok(journal.entries.some((e) => e.data.event === "EventRinging"), JSON.stringify(journal.entries));

  // The GWS API with the demo login, and the console's page.
  const me = await fetch(`${url}/api/v2/me`, { headers: { Authorization: basic("agent15000") } });
  assert.equal(me.status, 200);
  assert.equal((await me.json()).user.userName, "agent15000");
  const page = await fetch(`${url}/`);
  assert.equal(page.status, 200);
  assert.match(await page.text(), /ctisim sandbox console/);

  // Ctrl-C of the README's line: docker passes the signal on, ctisim stops cleanly, --rm removes it.
  child.kill("SIGINT");
  const [code] = await once(child, "exit");
  assert.equal(code, 0);
});

test("CTISIM_CONTROL_ACCESS: loopback refuses the host (issue 30's 403), USER:PASSWORD asks for them", {
  skip: noDocker, timeout: 60000,
}, async (t) => {
  const [closed, guarded] = await Promise.all([runAttached(t, ["-e", "CTISIM_CONTROL_ACCESS=loopback"]),
    runAttached(t, ["-e", "CTISIM_CONTROL_ACCESS=ci:s3cret"])]);
  assert.match(closed.banner(), /control for\s+loopback clients only/);
  await healthyInside(closed.name);
  const refused = await fetch(`${closed.url}/sim/v1/health`);
  assert.equal(refused.status, 403);
  assert.equal((await refused.json()).statusCode, 3);
  assert.match(refused.headers.get("www-authenticate"), /^Basic/);

  assert.match(guarded.banner(), /control for\s+loopback clients, and others as user "ci" \(--control-access\)/);
  await healthyInside(guarded.name);
  assert.equal((await fetch(`${guarded.url}/sim/v1/reset`, json("POST"))).status, 403);
  assert.equal((await fetch(`${guarded.url}/sim/v1/reset`, json("POST", undefined, { Authorization: basic("ci", "wrong") }))).status, 403);
  assert.equal((await fetch(`${guarded.url}/sim/v1/reset`, json("POST", undefined, { Authorization: basic("ci", "s3cret") }))).status, 200);
  // The GWS API is not behind the control credentials.
  assert.equal((await fetch(`${guarded.url}/api/v2/me`, { headers: { Authorization: basic("agent15000") } })).status, 200);
});

test("the healthcheck turns the container healthy; read-only root filesystem, user 10001", {
  skip: noDocker, timeout: 60000,
}, async (t) => {
  const port = await freePort();
  const id = await docker("run", "-d", "--rm", "--read-only", "-p", `127.0.0.1:${port}:8080`, image);
  t.after(() => docker("rm", "-f", id).catch(() => {}));
  // The image's HEALTHCHECK (ctisim health, every 5 s): starting, then healthy.
  let status;
  for (let i = 0; i < 300; ++i) {
    status = await docker("inspect", "--format", "{{.State.Health.Status}}", id);
    if (status === "healthy") break;
    assert.equal(status, "starting");
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(status, "healthy");
  assert.equal(await docker("inspect", "--format", "{{.HostConfig.ReadonlyRootfs}}", id), "true");
  assert.equal(await docker("inspect", "--format", "{{.Config.User}}", id), "10001:10001");
  // The process as the kernel sees it: uid 10001, not root.
  const top = await docker("top", id, "-o", "pid,uid,comm");
  assert.match(top, /^\s*\d+\s+10001\s+ctisim$/m, top);
  assert.doesNotMatch(top, /^\s*\d+\s+0\s/m, top);
  // It serves on a read-only root: a reset and a call.
  const url = `http://127.0.0.1:${port}`;
  assert.equal((await fetch(`${url}/sim/v1/reset`, json("POST"))).status, 200);
  assert.equal((await fetch(`${url}/sim/v1/calls`, json("POST", { from: "+15550001", to: "15001" }))).status, 200);
});

test("the console from the host's Chromium: log in, Inject call, it rings, the journal shows it, Reset", {
  skip: noDocker || noChromium, timeout: 90000,
}, async (t) => {
  const { url } = await runAttached(t);
  await waitHealthy(url, 10000);
  const { page, pageErrors } = await openConsolePage(t, url);
  const agent = await logIn(page, "agent15000");
  await page.getByTestId("inject-from").fill("+15551234");
  await page.getByTestId("inject-to").fill("15000");
  await page.getByTestId("inject-button").click();
  await agent.locator('[data-testid="call"][data-state="Ringing"]').waitFor();
  await page.getByTestId("status").filter({ hasText: /inject call \+15551234 → 15000: \{"statusCode":0/ }).waitFor();
  await page.locator('[data-testid="journal-entry"]', { hasText: "EventRinging" }).first().waitFor();
  await page.getByTestId("reset-button").click();
  await page.getByTestId("status").filter({ hasText: 'reset: {"statusCode":0}' }).waitFor();
  assert.equal(await page.getByTestId("agent-panel").count(), 0);
  assert.deepEqual(pageErrors, []);
});

test("startCtisim({image, controlAccess: USER:PASSWORD}): the container asks for them, the helper sends them", {
  skip: noDocker, timeout: 60000,
}, async (t) => {
  const sim = await startCtisim({ image, engine: "docker", controlAccess: "ci:s3cret" });
  t.after(() => sim.stop());
  assert.equal((await fetch(`${sim.baseUrl}/sim/v1/health`)).status, 403);
  await sim.reset();
  const { connId } = await sim.injectCall({ from: "+15551234", to: "15000" });
  const ringing = await sim.waitFor({ connId, event: "EventRinging" }, { timeoutMs: 5000 });
  assert.equal(ringing.data.event, "EventRinging");
});
