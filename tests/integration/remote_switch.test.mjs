// One `ctisim switch` shared by two front ends (`ctisim serve --backend tcp://...`):
// a call crosses front ends, and the loss and return of the switch is reported
// and survived (docs/switch-protocol.md).
import { test } from "node:test";
import assert from "node:assert/strict";
import { once } from "node:events";
import { ctisimBin, spawnUntil, startServer, GwsAgent, Inbox, callMessage, phoneNumbers } from "./harness.mjs";
import { connectCometD } from "./cometd_session.mjs";

/** Starts `ctisim switch --listen 127.0.0.1:PORT` (0 = free port) and resolves with its port. */
async function startSwitch(port = 0) {
  const { child, match } = await spawnUntil(ctisimBin, ["switch", "--listen", `127.0.0.1:${port}`, "--log-level", "warn"],
    /listening on tcp:\/\/127\.0\.0\.1:(\d+)/, "ctisim switch");
  const bound = Number(match);
  return {
    port: bound,
    async kill(signal = "SIGKILL") {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      await once(child, "exit");
    },
  };
}

/** An agent logged in (StartContactCenterSession) on one front end, with its notifications. */
async function loggedInAgent(t, url, userName) {
  const agent = new GwsAgent(url, userName);
  assert.equal((await agent.get("/api/v2/me")).status, 200);
  const inbox = new Inbox();
  const cometd = await connectCometD(url, agent, inbox);
  t.after(() => new Promise((resolve) => cometd.disconnect(() => resolve())));
  const start = await agent.post("/api/v2/me", { operationName: "StartContactCenterSession", channels: ["voice"] });
  assert.deepEqual(start.json, { statusCode: 0 });
  await inbox.waitFor((m) => m.messageType === "DeviceStateChangeMessage", `${userName}'s device state`);
  const devices = await agent.get("/api/v2/me/devices?fields=*");
  agent.deviceId = devices.json.devices[0].id;
  return { agent, inbox };
}

test("two front ends share one switch: a single-step conference across them, then the switch dies and comes back",
  { timeout: 90000 }, async (t) => {
    let sw = await startSwitch();
    const port = sw.port;
    t.after(() => sw.kill());
    const link = ["--backend", `tcp://127.0.0.1:${port}`, "--heartbeat-ms", "200"];
    const frontA = await startServer(link);
    t.after(() => frontA.stop());
    const frontB = await startServer(link);
    t.after(() => frontB.stop());

    const a = await loggedInAgent(t, frontA.url, "agent15000");
    const b = await loggedInAgent(t, frontB.url, "agent15020");

    // agent15000 (front end A) calls 15010, nobody's extension: it answers at once.
    const dial = await a.agent.post(`/api/v2/me/devices/${a.agent.deviceId}/calls`,
      { operationName: "Dial", destination: { phoneNumber: "15010" } });
    assert.deepEqual(dial.json, { statusCode: 0 });
    const established = await a.inbox.waitFor(callMessage("StatusChange", "Established"), "Established on A");
    const callId = established.call.id;

    // ...and conferences in 15020, whose agent is logged in on front end B.
    const ssc = await a.agent.post(`/api/v2/me/calls/${callId}`,
      { operationName: "SingleStepConference", destination: { phoneNumber: "15020" } });
    assert.deepEqual(ssc.json, { statusCode: 0 });
    const ringing = await b.inbox.waitFor(callMessage("StatusChange", "Ringing"), "Ringing on B", 10000);
    assert.equal(ringing.channel, "/v2/me/calls");
    assert.equal(ringing.phoneNumber, "15020");
    assert.equal(ringing.call.callUuid, established.call.callUuid, "one call, seen from both front ends");
    assert.ok(ringing.call.capabilities.includes("Answer"));
    const answer = await b.agent.post(`/api/v2/me/calls/${ringing.call.id}`, { operationName: "Answer" });
    assert.deepEqual(answer.json, { statusCode: 0 });
    const talking = await b.inbox.waitFor(callMessage("StatusChange", "Established"), "Established on B", 10000);
    assert.deepEqual(phoneNumbers(talking.call).sort(), ["15000", "15010"]);
    const updated = await a.inbox.waitFor(callMessage("ParticipantsUpdated", "Established",
      (m) => phoneNumbers(m.call).includes("15020")), "ParticipantsUpdated with 15020 on A", 10000);
    assert.deepEqual(phoneNumbers(updated.call).sort(), ["15010", "15020"]);
    assert.deepEqual(updated.call.userData, { FirstConferencePartyDN: "15000" });

    // The switch process dies mid-call.
    await sw.kill("SIGKILL");
    // Each front end notices (heartbeats: 3 x 200 ms at most after the TCP reset) and refuses
    // operations with an error instead of hanging.
    let refused;
    for (let i = 0; i < 100; i++) {
      refused = await a.agent.post(`/api/v2/me/calls/${callId}`, { operationName: "Hold" });
      if (refused.json?.statusCode !== 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.notEqual(refused.json.statusCode, 0, "an operation while the switch is gone fails: " + refused.text);
    const state = await fetch(frontB.url + "/sim/v1/state");
    assert.notEqual(state.status, 200, "the switch state cannot be read without the switch");

    // The switch comes back (a fresh one, on the same port): service is restored.
    sw = await startSwitch(port);
    let again;
    for (let i = 0; i < 100; i++) {
      again = await fetch(frontB.url + "/sim/v1/state");
      if (again.status === 200) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(again.status, 200, "the front end relinked to the switch");
    const redial = await b.agent.post(`/api/v2/me/devices/${b.agent.deviceId}/calls`,
      { operationName: "Dial", destination: { phoneNumber: "15011" } });
    assert.deepEqual(redial.json, { statusCode: 0 });
    await b.inbox.waitFor(callMessage("StatusChange", "Dialing", (m) => phoneNumbers(m.call).includes("15011")),
      "Dialing on B after the switch came back", 10000);

    const dialled = await b.inbox.waitFor(callMessage("StatusChange", "Established",
      (m) => phoneNumbers(m.call).includes("15011")), "15011 answered on B", 10000);
    const mark = b.inbox.messages.length;
    // A reset through one front end's control API resets the shared switch.
    assert.equal((await fetch(frontA.url + "/sim/v1/reset", { method: "POST" })).status, 200);
    const after = await (await fetch(frontB.url + "/sim/v1/state")).json();
    assert.deepEqual(after.calls ?? after.state?.calls ?? [], []);
    // Front end B is told (a T-Server restart to its clients): B's agent sees the call it had
    // dialled released, then its device active again, instead of keeping a stale view.
    const released = await b.inbox.waitFor(callMessage("StatusChange", "Released",
      (m) => m.call.id === dialled.call.id && b.inbox.messages.indexOf(m) >= mark),
    "the call released on B after A reset the switch", 10000);
    assert.equal(released.call.id, dialled.call.id);
    const calls = await b.agent.get("/api/v2/me/calls");
    assert.deepEqual(calls.json.calls ?? [], [], "B's view of the calls after the reset: " + calls.text);
    const dialAgain = await b.agent.post(`/api/v2/me/devices/${b.agent.deviceId}/calls`,
      { operationName: "Dial", destination: { phoneNumber: "15012" } });
    assert.deepEqual(dialAgain.json, { statusCode: 0 });
  });

test("a NotReady reason crosses the link: set on one front end, read back by another from the switch",
  { timeout: 60000 }, async (t) => {
    const sw = await startSwitch();
    t.after(() => sw.kill());
    const link = ["--backend", `tcp://127.0.0.1:${sw.port}`, "--heartbeat-ms", "200"];
    const frontA = await startServer(link);
    t.after(() => frontA.stop());
    const a = await loggedInAgent(t, frontA.url, "agent15000");
    const lunch = await a.agent.post("/api/v2/me/channels/voice", { operationName: "OutToLunch" });
    assert.deepEqual(lunch.json, { statusCode: 0 });
    const userState = async (agent) => (await agent.get(`/api/v2/me/devices/${a.agent.deviceId}`)).json.device.userState;
    assert.deepEqual(await userState(a.agent), { id: "B007F09E-8A9E-9EBF-EE3E-24828CEDA700",
      displayName: "Out to Lunch", state: "NotReady", reason: "Lunch", workMode: "AuxWork" });

    // Front end B starts now: it learns the state by QueryAddress, Reasons included.
    const frontB = await startServer(link);
    t.after(() => frontB.stop());
    const onB = new GwsAgent(frontB.url, "agent15000");
    assert.equal((await onB.get("/api/v2/me")).status, 200);
    assert.equal((await userState(onB)).displayName, "Out to Lunch");

    // A change made on B reaches A as EventAgentNotReady with its Reasons.
    const onBreak = await onB.post("/api/v2/me/channels/voice", { operationName: "Break" });
    assert.deepEqual(onBreak.json, { statusCode: 0 });
    const seen = await a.inbox.waitFor((m) => m.messageType === "DeviceStateChangeMessage" &&
      m.devices[0].userState.reason === "Break", "Break on A", 10000);
    assert.equal(seen.devices[0].userState.displayName, "On Break");
  });
