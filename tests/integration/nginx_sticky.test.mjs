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
import { ctisimBin, spawnUntil, startServer, GwsAgent, Inbox, callMessage, phoneNumbers } from "./harness.mjs";
import { connectCometD } from "./cometd_session.mjs";

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

/** The route suffix of an agent's session cookie ("...x7.a" -> "a"). */
function routeOf(agent) {
  const id = agent.cookies.get("JSESSIONID") ?? "";
  return /\.([a-z0-9]+)$/.exec(id)?.[1];
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
    // First logins (HTTP Basic, no cookie yet) go round robin: the two agents end up on
    // different front ends. A second agent who lands where the first did logs in afresh.
    const first = new GwsAgent(nginx.url, "agent15000");
    assert.equal((await first.get("/api/v2/me")).status, 200);
    const firstRoute = routeOf(first);
    assert.ok(["a", "b"].includes(firstRoute), "a routed cookie: " + first.cookies.get("JSESSIONID"));
    let second;
    for (let i = 0; i < 4 && (!second || routeOf(second) === firstRoute); i++) {
      second = new GwsAgent(nginx.url, "agent15001");
      assert.equal((await second.get("/api/v2/me")).status, 200);
    }
    const secondRoute = routeOf(second);
    assert.ok(["a", "b"].includes(secondRoute), "a routed cookie: " + second.cookies.get("JSESSIONID"));
    assert.notEqual(secondRoute, firstRoute, "round robin spreads logins over both front ends");

    // The session exists only on the front end that issued it: nginx must route by the cookie.
    const cookie = `JSESSIONID=${first.cookies.get("JSESSIONID")}`;
    assert.equal((await fetch(fronts[firstRoute].url + "/api/v2/me", { headers: { Cookie: cookie } })).status, 200);
    assert.equal((await fetch(fronts[secondRoute].url + "/api/v2/me", { headers: { Cookie: cookie } })).status, 401);
    for (let i = 0; i < 4; i++) {
      const me = await first.get("/api/v2/me");
      assert.equal(me.status, 200, "every request of the session reaches its front end");
      assert.equal(me.json.user.userName, "agent15000");
    }
    // A cookie routed to a front end nginx does not know is an unknown session there.
    const stray = await fetch(nginx.url + "/api/v2/me", { headers: { Cookie: cookie.replace(/\.[a-z0-9]+$/, ".zz") } });
    assert.equal(stray.status, 401);

    // Both agents start their sessions and long-poll CometD through nginx.
    const agents = [];
    for (const agent of [first, second]) {
      const inbox = new Inbox();
      const cometd = await connectCometD(nginx.url, agent, inbox);
      t.after(() => new Promise((resolve) => cometd.disconnect(() => resolve())));
      const start = await agent.post("/api/v2/me", { operationName: "StartContactCenterSession", channels: ["voice"] });
      assert.deepEqual(start.json, { statusCode: 0 });
      await inbox.waitFor((m) => m.messageType === "DeviceStateChangeMessage", `${agent.userName}'s device state`);
      agent.deviceId = (await agent.get("/api/v2/me/devices?fields=*")).json.devices[0].id;
      agents.push({ agent, inbox });
    }
    const [a, b] = agents;

    // agent15000 dials agent15001's DN; the call crosses front ends through the shared switch.
    const dial = await a.agent.post(`/api/v2/me/devices/${a.agent.deviceId}/calls`,
      { operationName: "Dial", destination: { phoneNumber: "15001" } });
    assert.deepEqual(dial.json, { statusCode: 0 });
    const ringing = await b.inbox.waitFor(callMessage("StatusChange", "Ringing"), "Ringing for agent15001", 10000);
    assert.equal(ringing.channel, "/v2/me/calls");
    assert.equal(ringing.phoneNumber, "15001");
    assert.deepEqual(phoneNumbers(ringing.call), ["15000"]);
    const dialing = await a.inbox.waitFor(callMessage("StatusChange", "Dialing"), "Dialing for agent15000", 10000);
    assert.equal(dialing.call.callUuid, ringing.call.callUuid, "one call, seen from both front ends");

    const answer = await b.agent.post(`/api/v2/me/calls/${ringing.call.id}`, { operationName: "Answer" });
    assert.deepEqual(answer.json, { statusCode: 0 });
    const talkingB = await b.inbox.waitFor(callMessage("StatusChange", "Established"), "Established for agent15001", 10000);
    const talkingA = await a.inbox.waitFor(callMessage("StatusChange", "Established"), "Established for agent15000", 10000);
    assert.deepEqual(phoneNumbers(talkingA.call), ["15001"]);
    assert.deepEqual(phoneNumbers(talkingB.call), ["15000"]);
  } catch (error) {
    t.diagnostic(nginx.log());
    throw error;
  }
});
