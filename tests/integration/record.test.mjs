// `ctisim record`: a client session driven as an agent desktop does (GET /me, CometD,
// StartContactCenterSession, Ready, Dial, SingleStepConference, Hangup, a failing
// request, an unauthenticated one) is written as a scenario that `ctisim replay`
// replays green against a fresh sandbox, with the call ids captured, not literal.
import { test } from "node:test";
import assert from "node:assert/strict";
import { once } from "node:events";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ctisimBin, runCtisim, spawnUntil, GwsAgent, Inbox, callMessage } from "./harness.mjs";
import { connectCometD } from "./cometd_session.mjs";

test("a recorded session replays green", { timeout: 30000 }, async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), "ctisim-record-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, "session.json");
  const { child, match: url, output } = await spawnUntil(ctisimBin,
    ["record", "--out", file, "--port", "0", "--log-level", "warn"], /listening on (http:\/\/\S+)/);
  t.after(() => { if (child.exitCode === null) child.kill("SIGKILL"); });

  const agent = new GwsAgent(url, "agent15000");
  assert.equal((await agent.get("/api/v2/me?subresources=*")).status, 200);
  const inbox = new Inbox();
  const cometd = await connectCometD(url, agent, inbox);

  await agent.post("/api/v2/me", { operationName: "StartContactCenterSession", channels: ["voice"] });
  await inbox.waitFor((m) => m.messageType === "DeviceStateChangeMessage", "the login's device message");
  const devices = await agent.get("/api/v2/me/devices?fields=*");
  const deviceId = devices.json.devices[0].id;
  await agent.post("/api/v2/me/channels/voice", { operationName: "Ready" });
  await inbox.waitFor((m) => m.messageType === "DeviceStateChangeMessage" &&
    m.devices[0].userState?.state === "Ready", "Ready");

  const dial = await agent.post(`/api/v2/me/devices/${deviceId}/calls`,
    { operationName: "Dial", destination: { phoneNumber: "15001" } });
  assert.equal(dial.status, 200);
  const dialing = await inbox.waitFor(callMessage("StatusChange", "Dialing"), "Dialing");
  const callId = dialing.call.id;
  const connId = dialing.call.connId;
  await inbox.waitFor(callMessage("StatusChange", "Established", (m) => m.call.id === callId), "Established");
  assert.equal((await agent.get("/api/v2/me/calls")).status, 200); // a desktop polling its calls

  await agent.post(`/api/v2/me/calls/${callId}`,
    { operationName: "SingleStepConference", destination: { phoneNumber: "15002" } });
  await inbox.waitFor(callMessage("ParticipantsUpdated", "Established"), "ParticipantsUpdated");
  await agent.post(`/api/v2/me/calls/${callId}`, { operationName: "Hangup" });
  await inbox.waitFor(callMessage("StatusChange", "Released"), "Released");

  const failing = await agent.post("/api/v2/me/calls/no-such-call", { operationName: "Hold" });
  assert.ok(failing.status >= 400 && failing.status < 500, `a failing request: ${failing.status}`);
  const anonymous = await fetch(url + "/api/v2/me");
  assert.equal(anonymous.status, 401);

  await new Promise((resolve) => cometd.disconnect(() => resolve()));
  child.kill("SIGTERM");
  const [code] = await once(child, "exit");
  assert.equal(code, 0, output());
  assert.match(output(), /wrote \d+ steps to /);

  const text = readFileSync(file, "utf8");
  const scenario = JSON.parse(text);
  const paths = scenario.steps.map((s) => s.request.path);
  assert.ok(paths.includes("/api/v2/me/calls/${call1}"), "later paths use the capture: " + paths.join(" "));
  assert.ok(!paths.some((p) => p.includes(callId)), "no literal call id in a path");
  assert.ok(!text.includes(callId) && !text.includes(connId), "no literal call id or connId anywhere");
  assert.ok(scenario.steps.some((s) => s.capture?.call1), "a step captures call1");
  const unauthenticated = scenario.steps.filter((s) => s.as === undefined);
  assert.equal(unauthenticated.length, 1);
  assert.equal(unauthenticated[0].expect.status, 401);
  assert.ok(scenario.steps.some((s) => s.expect.status === failing.status), "the failing request is a step");

  const replay = await runCtisim(["replay", file]);
  assert.equal(replay.code, 0, replay.output);
  assert.match(replay.output, /1 passed, 0 failed/);
});

test("a reset restarts the recording from the reset's configuration", { timeout: 30000 }, async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), "ctisim-record-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, "after_reset.json");
  const { child, match: url, output } = await spawnUntil(ctisimBin,
    ["record", "--out", file, "--port", "0", "--log-level", "warn"], /listening on (http:\/\/\S+)/);
  t.after(() => { if (child.exitCode === null) child.kill("SIGKILL"); });

  const before = new GwsAgent(url, "agent15003");
  await before.post("/api/v2/me", { operationName: "StartContactCenterSession", channels: ["voice"] });
  const reset = await fetch(url + "/sim/v1/reset", { method: "POST", body: JSON.stringify({ seed: 5, clock: { virtual: true } }) });
  assert.equal(reset.status, 200);
  const after = new GwsAgent(url, "agent15004");
  await after.post("/api/v2/me", { operationName: "StartContactCenterSession", channels: ["voice"] });
  assert.equal((await after.get("/api/v2/me/devices")).status, 200);

  child.kill("SIGTERM");
  const [code] = await once(child, "exit");
  assert.equal(code, 0, output());
  const scenario = JSON.parse(readFileSync(file, "utf8"));
  assert.equal(scenario.setup.seed, 5);
  assert.deepEqual(scenario.setup.clock, { virtual: true });
  assert.equal(scenario.setup.publicBaseUrl, url);
  assert.deepEqual(scenario.users, ["agent15004"]);
  assert.deepEqual(scenario.steps.map((s) => `${s.request.method} ${s.request.path}`),
    ["POST /api/v2/me", "GET /api/v2/me/devices"]);
  const replay = await runCtisim(["replay", file]);
  assert.equal(replay.code, 0, replay.output);
});

test("ctisim record refuses an --out it cannot write, before starting", async () => {
  const result = await runCtisim(["record", "--out", "/nonexistent-dir/x.json", "--port", "0"]);
  assert.equal(result.code, 2);
  assert.match(result.output, /cannot write \/nonexistent-dir\/x\.json/);
  assert.doesNotMatch(result.output, /listening/);
  const dir = mkdtempSync(path.join(tmpdir(), "ctisim-record-"));
  try {
    const onDir = await runCtisim(["record", "--out", dir, "--port", "0"]);
    assert.equal(onDir.code, 2);
    assert.match(onDir.output, /it is a directory/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
