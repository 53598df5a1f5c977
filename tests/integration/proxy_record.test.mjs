// `ctisim record --upstream`: a session of the official CometD client recorded through the proxy in
// front of a second ctisim playing the real GWS (two agents, Dial, SingleStepConference, Hangup, an
// inbound call answered, a state change) replays with no difference against an identically configured
// ctisim; against another configuration, and with differences planted in the recording, the fidelity
// report names exactly those and marks the documented deviation as deliberate; switch events dropped by
// the fault API in the replay are reported as exactly the notifications they carried; a lab already busy
// (agents logged in, a call in progress) is inferred into the setup and replays. Also: the control API
// is not forwarded, no password is stored, and an upstream that goes away gives GWS's 503 statusCode 4
// while the recording is still written; an https upstream is verified against --upstream-ca.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ctisimBin, runCtisim, spawnUntil, startServer, unvalidatedFetch, GwsAgent, Inbox, callMessage } from "./harness.mjs";
import { connectCometD } from "./cometd_session.mjs";

async function startProxy(upstream, file) {
  const proxy = await spawnUntil(ctisimBin,
    ["record", "--upstream", upstream, "--out", file, "--port", "0", "--log-level", "warn"],
    /recording proxy listening on (http:\/\/\S+)/);
  return proxy;
}

async function stopProxy(proxy) {
  proxy.child.kill("SIGTERM");
  const [code] = await once(proxy.child, "exit");
  assert.equal(code, 0, proxy.output());
}

/** Resolves once no inbox has received anything for quietMs: every notification of a step is in. */
async function settle(inboxes, quietMs = 300) {
  let last = -1;
  for (;;) {
    const count = inboxes.reduce((n, inbox) => n + inbox.messages.length, 0);
    if (count === last) return;
    last = count;
    await new Promise((resolve) => setTimeout(resolve, quietMs));
  }
}

/** The session of the issue, as two agent desktops do it, through url. */
async function agentSession(url, secret) {
  const alice = new GwsAgent(url, "agent15000", secret);
  const bob = new GwsAgent(url, "agent15001", secret);
  const aliceInbox = new Inbox();
  const bobInbox = new Inbox();
  const inboxes = [aliceInbox, bobInbox];
  const step = async (promise, check) => {
    for (const inbox of inboxes) inbox.messages.length = 0;
    const result = await promise();
    if (check) await check();
    await settle(inboxes);
    return result;
  };

  assert.equal((await alice.get("/api/v2/me?subresources=*")).status, 200);
  assert.equal((await bob.get("/api/v2/me?subresources=*")).status, 200);
  const aliceCometd = await connectCometD(url, alice, aliceInbox);
  const bobCometd = await connectCometD(url, bob, bobInbox);

  await step(() => alice.post("/api/v2/me", { operationName: "StartContactCenterSession", channels: ["voice"] }),
    () => aliceInbox.waitFor((m) => m.messageType === "DeviceStateChangeMessage", "alice's login"));
  await step(() => bob.post("/api/v2/me", { operationName: "StartContactCenterSession", channels: ["voice"] }),
    () => bobInbox.waitFor((m) => m.messageType === "DeviceStateChangeMessage", "bob's login"));
  const aliceDevice = (await step(() => alice.get("/api/v2/me/devices?fields=*"))).json.devices[0].id;
  const bobDevice = (await step(() => bob.get("/api/v2/me/devices?fields=*"))).json.devices[0].id;
  await step(() => alice.post("/api/v2/me/channels/voice", { operationName: "Ready" }),
    () => aliceInbox.waitFor((m) => m.devices?.[0].userState?.state === "Ready", "Ready"));

  // Dial an external number, bring a third party in, hang up.
  let callId;
  await step(() => alice.post(`/api/v2/me/devices/${aliceDevice}/calls`,
    { operationName: "Dial", destination: { phoneNumber: "5551234" } }),
  async () => {
    const established = await aliceInbox.waitFor(callMessage("StatusChange", "Established"), "Established");
    callId = established.call.id;
  });
  await step(() => alice.post(`/api/v2/me/calls/${callId}`,
    { operationName: "SingleStepConference", destination: { phoneNumber: "5555678" } }),
  () => aliceInbox.waitFor(callMessage("ParticipantsUpdated"), "ParticipantsUpdated"));
  await step(() => alice.post(`/api/v2/me/calls/${callId}`, { operationName: "Hangup" }),
    () => aliceInbox.waitFor(callMessage("StatusChange", "Released"), "Released"));

  // An inbound call: bob dials alice, whose contact-center session makes her phone ring. Both agents
  // run in one process, so they share a CometD browser cookie and one of them is told to poll every
  // 2 s (multiple-clients): each step waits for what both must receive.
  let inbound;
  await step(() => bob.post(`/api/v2/me/devices/${bobDevice}/calls`,
    { operationName: "Dial", destination: { phoneNumber: "15000" } }),
  async () => {
    inbound = (await aliceInbox.waitFor(callMessage("StatusChange", "Ringing"), "Ringing")).call.id;
    await bobInbox.waitFor(callMessage("StatusChange", "Dialing"), "bob's Dialing");
  });
  await step(() => alice.post(`/api/v2/me/calls/${inbound}`, { operationName: "Answer" }),
    () => Promise.all([aliceInbox.waitFor(callMessage("StatusChange", "Established"), "alice's Established"),
      bobInbox.waitFor(callMessage("StatusChange", "Established"), "bob's Established")]));
  await step(() => alice.post(`/api/v2/me/calls/${inbound}`, { operationName: "Hangup" }),
    () => Promise.all([aliceInbox.waitFor(callMessage("StatusChange", "Released"), "alice's Released"),
      bobInbox.waitFor(callMessage("StatusChange", "Released"), "bob's Released")]));

  // A state change.
  await step(() => alice.post("/api/v2/me/channels/voice", { operationName: "NotReady" }),
    () => aliceInbox.waitFor((m) => m.devices?.[0].userState?.state === "NotReady", "NotReady"));

  await new Promise((resolve) => aliceCometd.disconnect(() => resolve()));
  await new Promise((resolve) => bobCometd.disconnect(() => resolve()));
}

/** Records the session through a proxy in front of a fresh upstream ctisim; the scenario file. */
async function recordSession(t, dir) {
  const upstream = await startServer();
  t.after(() => upstream.stop());
  const file = path.join(dir, "lab.json");
  const proxy = await startProxy(upstream.url, file);
  t.after(() => { if (proxy.child.exitCode === null) proxy.child.kill("SIGKILL"); });

  const control = await unvalidatedFetch(proxy.match + "/sim/v1/health");
  assert.equal(control.status, 404, "the control API is not forwarded");
  assert.equal((await control.json()).statusCode, 6);

  await agentSession(proxy.match, "password");
  await stopProxy(proxy);
  return { file, proxyUrl: proxy.match, upstreamUrl: upstream.url };
}

function nonDeliberate(report) {
  return report.scenarios.flatMap((s) => s.differences).filter((d) => !d.deliberate)
    .map((d) => `${d.kind} ${d.change} step ${d.step} ${d.where} ${d.path}${d.element ? " " + d.element : ""}`)
    .sort();
}

test("a session recorded through the proxy replays with no difference", { timeout: 60000 }, async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), "ctisim-proxy-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const { file, proxyUrl, upstreamUrl } = await recordSession(t, dir);

  const text = readFileSync(file, "utf8");
  const scenario = JSON.parse(text);
  assert.ok(!text.includes(": \"password\"") && !text.includes(Buffer.from("agent15000:password").toString("base64")),
    "no password in the recording");
  assert.ok(!text.includes(upstreamUrl), "the upstream's address is rewritten");
  assert.equal(scenario.setup.publicBaseUrl, proxyUrl);
  assert.deepEqual(scenario.setup.users.map((u) => [u.userName, u.dn]), [["agent15000", "15000"], ["agent15001", "15001"]]);
  assert.deepEqual(scenario.users, ["agent15000", "agent15001"]);
  const operations = scenario.steps.map((s) => s.request.body?.operationName).filter(Boolean);
  for (const op of ["Dial", "SingleStepConference", "Hangup", "Answer", "NotReady"])
    assert.ok(operations.includes(op), `${op} is a step: ${operations}`);
  assert.ok(!scenario.steps.some((s) => s.request.path.startsWith("/api/v2/notifications")), "CometD is not a step");
  const ringing = scenario.steps.flatMap((s) => s.expect.notifications.agent15000 ?? [])
    .filter((m) => m.data.call?.state === "Ringing");
  assert.equal(ringing.length, 1, "alice's Ringing notification is recorded");

  const reportFile = path.join(dir, "report.json");
  const replay = await runCtisim(["replay", file, "--report", reportFile]);
  assert.equal(replay.code, 0, replay.output);
  const report = JSON.parse(readFileSync(reportFile, "utf8"));
  assert.deepEqual(nonDeliberate(report), []);
  assert.equal(report.summary.differences, 0, JSON.stringify(report.scenarios[0].differences, null, 1));
  assert.match(readFileSync(path.join(dir, "report.txt"), "utf8"), /0 differences, 0 deliberate, 0 not inferred, 0 to look at/);
});

test("the fidelity report names exactly the planted differences", { timeout: 60000 }, async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), "ctisim-proxy-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const { file } = await recordSession(t, dir);
  const scenario = JSON.parse(readFileSync(file, "utf8"));
  const planted = [];

  // Another configuration: a first name the recorded system did not have (GET /me?subresources=* shows it).
  scenario.setup.users[0].firstName = "Alice";
  const meStep = scenario.steps.findIndex((s) => s.as === "agent15000" && s.request.path === "/api/v2/me?subresources=*");
  planted.push(`value differs step ${meStep} body $.user.firstName`);

  // Another configuration: a user-settings section, which every /me?subresources=* lists.
  scenario.setup.userSettings = { "interaction-workspace": { "voice.prompt-for-end": "false" } };
  planted.push(`shape extra step ${meStep} body $.user.settings["interaction-workspace"]`);
  const bobMe = scenario.steps.findIndex((s) => s.as === "agent15001" && s.request.path === "/api/v2/me?subresources=*");
  planted.push(`shape extra step ${bobMe} body $.user.settings["interaction-workspace"]`);

  // A notification the recorded system sent and the replayed one does not (the SingleStepConference step).
  const ssc = scenario.steps.findIndex((s) => s.request.body?.operationName === "SingleStepConference");
  const sscNotes = scenario.steps[ssc].expect.notifications.agent15000;
  sscNotes.push({ channel: "/v2/me/calls", data: { ...sscNotes[0].data, notificationType: "AttachedDataChanged" } });
  planted.push(`missing missing step ${ssc} notifications.agent15000 $[${sscNotes.length - 1}] AttachedDataChanged on /v2/me/calls`);

  // Capabilities in another order, in the SingleStepConference's first notification.
  const caps = sscNotes[0].data.call.capabilities;
  [caps[0], caps[1]] = [caps[1], caps[0]];
  planted.push(`order order step ${ssc} notifications.agent15000 $[0].data.call.capabilities`);

  // Key order: bob's user as the recorded system wrote it, with its first two keys swapped.
  const bobUser = Object.entries(scenario.steps[bobMe].expect.body.user);
  [bobUser[0], bobUser[1]] = [bobUser[1], bobUser[0]];
  scenario.steps[bobMe].expect.body.user = Object.fromEntries(bobUser);
  planted.push(`order order step ${bobMe} body $.user`);

  // A status code.
  const notReady = scenario.steps.findIndex((s) => s.request.body?.operationName === "NotReady");
  scenario.steps[notReady].expect.status = 202;
  planted.push(`value differs step ${notReady} status $`);

  // A documented deviation: the real system's recordingState, which ctisim leaves out on purpose.
  sscNotes[0].data.call.recordingState = "Stopped";

  const edited = path.join(dir, "lab-edited.json");
  writeFileSync(edited, JSON.stringify(scenario, null, "\t"));
  const reportFile = path.join(dir, "report.json");
  const replay = await runCtisim(["replay", edited, "--report", reportFile]);
  assert.equal(replay.code, 1, replay.output);
  const report = JSON.parse(readFileSync(reportFile, "utf8"));
  assert.deepEqual(nonDeliberate(report), planted.sort(), readFileSync(path.join(dir, "report.txt"), "utf8"));
  const deliberate = report.scenarios[0].differences.filter((d) => d.deliberate);
  assert.deepEqual(deliberate.map((d) => [d.kind, d.change, d.step, d.path, d.deliberate, d.doc]),
    [["shape", "missing", ssc, "$[0].data.call.recordingState", "no-recording-state", "docs/api.md#the-call-resource"]]);
  const table = readFileSync(path.join(dir, "report.txt"), "utf8");
  for (const kind of ["shape", "value", "order", "missing"])
    assert.match(table, new RegExp(`^  ${kind} \\(\\d+\\)$`, "m"), `the table groups ${kind}`);
  assert.match(table, /\[deliberate: no-recording-state, docs\/api\.md#the-call-resource\]/);

  // Another DN behaviour: the party SingleStepConference brings in rings forever instead of answering.
  // The conference's ParticipantsUpdated never comes, and the released call has no conference user data.
  const other = JSON.parse(readFileSync(file, "utf8"));
  other.setup.dns = [{ number: "5555678", type: "External", behaviour: "ringForever" }];
  const hangup = other.steps.findIndex((s, i) => i > ssc && s.request.body?.operationName === "Hangup");
  const otherFile = path.join(dir, "lab-other-dn.json");
  writeFileSync(otherFile, JSON.stringify(other, null, "\t"));
  const otherReport = path.join(dir, "other-dn.json");
  const otherReplay = await runCtisim(["replay", otherFile, "--report", otherReport]);
  assert.equal(otherReplay.code, 1, otherReplay.output);
  assert.deepEqual(nonDeliberate(JSON.parse(readFileSync(otherReport, "utf8"))), [
    `missing missing step ${ssc} notifications.agent15000 $[0] ParticipantsUpdated on /v2/me/calls`,
    `shape missing step ${hangup} notifications.agent15000 $[0].data.call.userData`,
  ], readFileSync(path.join(dir, "other-dn.txt"), "utf8"));
});

/** The step that drops the next n switch events through the fault API, and what it answers. */
function dropEventsStep(n, droppedSoFar) {
  return {
    name: `the next ${n} switch event(s) are lost`,
    request: { method: "POST", path: "/sim/v1/faults", body: { dropEvents: n } },
    expect: { status: 200, body: { statusCode: 0, link: "up", eventDelayMs: 0, dropRequests: 0, droppedRequests: 0,
      dropEvents: n, droppedEvents: droppedSoFar } },
  };
}

/** The report's line for each notification of a step's user, as `missing missing` differences. */
function missingLines(step, index, user, positions) {
  return positions.map((i) => {
    const message = step.expect.notifications[user][i];
    const type = message.data.notificationType ?? message.data.messageType;
    return `missing missing step ${index} notifications.${user} $[${i}] ${type} on ${message.channel}`;
  });
}

test("a switch event lost to the fault API: the report names exactly the notifications it carried", { timeout: 60000 }, async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), "ctisim-proxy-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const { file } = await recordSession(t, dir);
  const scenario = JSON.parse(readFileSync(file, "utf8"));
  const planted = [];

  // The external Dial: its first switch event (EventDialing) is lost, so is alice's Dialing StatusChange;
  // the call's later events are notified as recorded.
  let dial = scenario.steps.findIndex((s) => s.request.body?.operationName === "Dial" && s.as === "agent15000");
  scenario.steps.splice(dial, 0, dropEventsStep(1, 0));
  dial += 1;
  const dialed = scenario.steps[dial];
  assert.equal(dialed.expect.notifications.agent15000[0].data.call.state, "Dialing");
  planted.push(...missingLines(dialed, dial, "agent15000", [0]));

  // NotReady is one switch event (EventAgentNotReady): every notification of that step is lost, the reply is not.
  let notReady = scenario.steps.findIndex((s) => s.request.body?.operationName === "NotReady");
  scenario.steps.splice(notReady, 0, dropEventsStep(1, 1));
  notReady += 1;
  const lostState = scenario.steps[notReady];
  assert.deepEqual(Object.keys(lostState.expect.notifications), ["agent15000"]);
  assert.ok(lostState.expect.notifications.agent15000.length >= 1);
  planted.push(...missingLines(lostState, notReady, "agent15000",
    lostState.expect.notifications.agent15000.map((_, i) => i)));

  const faulted = path.join(dir, "lab-faulted.json");
  writeFileSync(faulted, JSON.stringify(scenario, null, "\t"));
  const reportFile = path.join(dir, "faulted.json");
  const replay = await runCtisim(["replay", faulted, "--report", reportFile]);
  assert.equal(replay.code, 1, replay.output);
  const report = JSON.parse(readFileSync(reportFile, "utf8"));
  assert.deepEqual(nonDeliberate(report), planted.sort(), readFileSync(path.join(dir, "faulted.txt"), "utf8"));
  assert.equal(report.summary.differences, planted.length);
});

test("a lab already busy: the agents logged in and the calls in progress become the setup", { timeout: 60000 }, async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), "ctisim-proxy-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  // The "real" GWS: alice Ready, bob NotReady in after-call work, alice talking to a customer.
  const labConfig = path.join(dir, "lab-config.json");
  writeFileSync(labConfig, JSON.stringify({
    seed: 7,
    agents: [{ dn: "15000", state: "Ready" }, { dn: "15001", state: "NotReady", workMode: "AfterCallWork" }],
    calls: [{ callType: "Inbound", ageMs: 30000, userData: { AccountNumber: "12345" },
      parties: [{ dn: "5551234" }, { dn: "15000" }] }],
  }));
  const upstream = await startServer(["--config", labConfig]);
  t.after(() => upstream.stop());
  const file = path.join(dir, "busy.json");
  const proxy = await startProxy(upstream.url, file);
  t.after(() => { if (proxy.child.exitCode === null) proxy.child.kill("SIGKILL"); });

  const alice = new GwsAgent(proxy.match, "agent15000");
  const bob = new GwsAgent(proxy.match, "agent15001");
  const inbox = new Inbox();
  const me = await alice.get("/api/v2/me?subresources=*");
  assert.equal(me.status, 200);
  assert.equal((await bob.get("/api/v2/me/devices?fields=*")).status, 200);
  const callId = me.json.user.calls[0].id;
  const cometd = await connectCometD(proxy.match, alice, inbox);
  assert.equal((await alice.post(`/api/v2/me/calls/${callId}`, { operationName: "Hold" })).status, 200);
  await inbox.waitFor(callMessage("StatusChange", "Held"), "Held");
  await settle([inbox]);
  assert.equal((await alice.post(`/api/v2/me/calls/${callId}`, { operationName: "Hangup" })).status, 200);
  await inbox.waitFor(callMessage("StatusChange", "Released"), "Released");
  await settle([inbox]);
  await new Promise((resolve) => cometd.disconnect(() => resolve()));
  await stopProxy(proxy);

  const scenario = JSON.parse(readFileSync(file, "utf8"));
  assert.deepEqual(scenario.setup.agents,
    [{ dn: "15000", state: "Ready" }, { dn: "15001", state: "NotReady", workMode: "AfterCallWork" }]);
  assert.equal(scenario.setup.calls.length, 1);
  const call = scenario.setup.calls[0];
  assert.equal(call.connId, me.json.user.calls[0].connId);
  assert.equal(call.callType, "Inbound");
  assert.deepEqual(call.userData, { AccountNumber: "12345" });
  assert.equal(call.ani, "5551234");
  // The caller (ani) first, as the lab's configuration has it.
  assert.deepEqual(call.parties, [{ dn: "5551234", state: "Established" }, { dn: "15000", state: "Established" }]);
  assert.ok(call.ageMs >= 30000, `ageMs ${call.ageMs}`);

  // Replayed against a ctisim configured from the inferred setup alone: no difference.
  const reportFile = path.join(dir, "busy-report.json");
  const replay = await runCtisim(["replay", file, "--report", reportFile]);
  assert.equal(replay.code, 0, replay.output);
  const report = JSON.parse(readFileSync(reportFile, "utf8"));
  assert.deepEqual(nonDeliberate(report), [], readFileSync(path.join(dir, "busy-report.txt"), "utf8"));
});

test("an upstream that goes away: 503 statusCode 4, and the recording is still written", { timeout: 30000 }, async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), "ctisim-proxy-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const upstream = await startServer();
  const file = path.join(dir, "gone.json");
  const proxy = await startProxy(upstream.url, file);
  t.after(() => { if (proxy.child.exitCode === null) proxy.child.kill("SIGKILL"); });

  const agent = new GwsAgent(proxy.match, "agent15002", "s3cret-not-stored");
  assert.equal((await agent.get("/api/v2/me")).status, 401); // the upstream's own answer, relayed
  const good = new GwsAgent(proxy.match, "agent15002");
  assert.equal((await good.get("/api/v2/me")).status, 200);
  await upstream.stop();
  const gone = await good.get("/api/v2/me/devices");
  assert.equal(gone.status, 503);
  assert.equal(gone.json.statusCode, 4);
  assert.match(gone.json.statusMessage, /upstream GWS is unavailable/);

  await stopProxy(proxy);
  const text = readFileSync(file, "utf8");
  assert.ok(!text.includes("s3cret-not-stored") && !text.includes("password\":\"password"), "no password stored");
  const scenario = JSON.parse(text);
  assert.deepEqual(scenario.steps.map((s) => [s.as, s.request.path, s.expect.status]),
    [["agent15002", "/api/v2/me", 401], ["agent15002", "/api/v2/me", 200], ["agent15002", "/api/v2/me/devices", 503]]);
});

test("ctisim record --upstream refuses the sandbox's flags and a bad URL", async () => {
  const withConfig = await runCtisim(["record", "--upstream", "http://127.0.0.1:1", "--out", "/tmp/x.json", "--config", "/dev/null"]);
  assert.equal(withConfig.code, 2);
  assert.match(withConfig.output, /--config configures the sandbox/);
  const badUrl = await runCtisim(["record", "--upstream", "ftp://gws", "--out", "/tmp/x.json"]);
  assert.equal(badUrl.code, 2);
  assert.match(badUrl.output, /must start with http:\/\/ or https:\/\//);
  const caWithoutTls = await runCtisim(["record", "--upstream", "http://gws:8080", "--upstream-insecure", "--out", "/tmp/x.json"]);
  assert.equal(caWithoutTls.code, 2);
  const flagWithoutUpstream = await runCtisim(["record", "--max-in-flight", "3", "--out", "/tmp/x.json"]);
  assert.equal(flagWithoutUpstream.code, 2);
  assert.match(flagWithoutUpstream.output, /--max-in-flight needs --upstream/);
});

test("an https upstream: verified against --upstream-ca, refused unverified, --upstream-insecure", { timeout: 30000 }, async (t) => {
  // openssl s_server -www plays the TLS upstream (it answers any GET with a status page).
  const dir = mkdtempSync(path.join(tmpdir(), "ctisim-proxy-tls-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const cert = path.join(dir, "cert.pem");
  const key = path.join(dir, "key.pem");
  const made = spawnSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
    "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"]);
  assert.equal(made.status, 0, String(made.stderr));
  const port = 20000 + Math.floor(Math.random() * 30000);
  const server = spawn("openssl", ["s_server", "-accept", `127.0.0.1:${port}`, "-cert", cert, "-key", key, "-www", "-quiet"],
    { stdio: "ignore" });
  t.after(() => server.kill("SIGKILL"));
  await new Promise((resolve) => setTimeout(resolve, 500));

  for (const [flags, status] of [[["--upstream-ca", cert], 200], [[], 503], [["--upstream-insecure"], 200]]) {
    const file = path.join(dir, "tls.json");
    const proxy = await spawnUntil(ctisimBin, ["record", "--upstream", `https://127.0.0.1:${port}`, ...flags,
      "--out", file, "--port", "0", "--log-level", "error"], /recording proxy listening on (http:\/\/\S+)/);
    const res = await new GwsAgent(proxy.match, "agent15000").get("/api/v2/me");
    assert.equal(res.status, status, `${flags.join(" ")}: ${res.text.slice(0, 200)}`);
    if (status === 503) {
      assert.equal(res.json.statusCode, 4);
      assert.match(res.json.statusMessage, /certificate verify failed/);
    } else {
      assert.match(res.text, /<HTML>/, "the upstream's page, relayed");
    }
    await stopProxy(proxy);
  }
});
