// A supervisor desktop's session on the official CometD client, against the default sandbox
// (no configuration): supervisor16000 logs in, listens in on agent15000, a customer's call
// reaches the agent, the supervisor is delivered the monitored call, then cancels
// (docs/desktop-fidelity.md §6).
import { test } from "node:test";
import assert from "node:assert/strict";
import { startServer, GwsAgent, Inbox, callMessage, phoneNumbers } from "./harness.mjs";
import { connectCometD } from "./cometd_session.mjs";

/** GET /me with the devices, a CometD session, StartContactCenterSession: what a desktop does first. */
async function logIn(t, server, userName) {
  const user = new GwsAgent(server.url, userName);
  const me = await user.get("/api/v2/me?subresources=devices");
  assert.equal(me.status, 200, userName);
  const inbox = new Inbox();
  const cometd = await connectCometD(server.url, user, inbox);
  t.after(() => new Promise((resolve) => cometd.disconnect(() => resolve())));
  const start = await user.post("/api/v2/me", { operationName: "StartContactCenterSession", channels: ["voice"] });
  assert.deepEqual(start.json, { statusCode: 0 }, userName);
  await inbox.waitFor((m) => m.messageType === "DeviceStateChangeMessage", `${userName} logged in`);
  return { user, inbox, me: me.json.user, device: me.json.user.devices[0] };
}

test("a supervisor listens in on an agent: the agent's inbound call reaches the supervisor; Cancel", { timeout: 30000 }, async (t) => {
  const server = await startServer();
  t.after(() => server.stop());

  const supervisor = await logIn(t, server, "supervisor16000");
  assert.deepEqual(supervisor.me.roles, ["ROLE_AGENT", "ROLE_SUPERVISOR"]);
  assert.equal(supervisor.device.phoneNumber, "16000");
  assert.deepEqual(supervisor.device.capabilities.slice(2), ["ListenIn", "Coach", "BargeIn"]);
  const agent = await logIn(t, server, "agent15000");
  const ready = await agent.user.post("/api/v2/me/channels/voice", { operationName: "Ready" });
  assert.deepEqual(ready.json, { statusCode: 0 });

  // An agent may not supervise.
  const refused = await agent.user.post(`/api/v2/me/devices/${agent.device.id}`,
    { operationName: "ListenIn", targetDeviceUri: supervisor.device.id });
  assert.equal(refused.status, 403);
  assert.equal(refused.json.statusCode, 5);

  let from = supervisor.inbox.messages.length;
  const targetDeviceUri = `${server.url}/api/v2/devices/${agent.device.id}`;
  const listen = await supervisor.user.post(`/api/v2/me/devices/${supervisor.device.id}`,
    { operationName: "ListenIn", targetDeviceUri });
  assert.deepEqual(listen.json, { statusCode: 0 });
  const set = await supervisor.inbox.waitFor((m) => supervisor.inbox.messages.indexOf(m) >= from &&
    m.messageType === "DeviceStateChangeMessage" && m.devices[0].supervisorMonitoringState, "supervisorMonitoringState");
  assert.deepEqual(set.devices[0].supervisorMonitoringState,
    { state: "ListenIn", mode: "AllCalls", scope: "Call", targetDeviceUri });
  assert.equal(Object.keys(set.devices[0]).at(-1), "supervisorMonitoringState");
  assert.ok(set.devices[0].capabilities.includes("CancelSupervisorMonitoring"));

  // A customer calls the agent, who answers.
  const inbound = await fetch(server.url + "/sim/v1/calls", {
    method: "POST", body: JSON.stringify({ from: "+14155550100", to: "15000" }),
  });
  assert.equal(inbound.status, 200);
  const ringing = await agent.inbox.waitFor(callMessage("StatusChange", "Ringing"), "the agent's call ringing");
  const callId = ringing.call.id;
  const answer = await agent.user.post(`/api/v2/me/calls/${callId}`, { operationName: "Answer" });
  assert.deepEqual(answer.json, { statusCode: 0 });

  const monitored = await supervisor.inbox.waitFor(callMessage("StatusChange", "Established"),
    "the monitored call on the supervisor's desktop");
  assert.equal(monitored.call.id, callId); // the same call (T-Server: the same ConnID)
  assert.equal(monitored.phoneNumber, "16000");
  assert.deepEqual(phoneNumbers(monitored.call).sort(), ["+14155550100", "15000"]);
  assert.equal(monitored.call.mute, "On");
  assert.equal("monitoring" in monitored.call, false);
  assert.ok(monitored.call.capabilities.includes("SwitchToBargeIn"));
  const flagged = await agent.inbox.waitFor((m) => m.messageType === "CallStateChangeMessage" &&
    m.call.supervisorListeningIn === true, "supervisorListeningIn on the agent's call");
  assert.deepEqual(phoneNumbers(flagged.call), ["+14155550100"]); // listening silently

  from = supervisor.inbox.messages.length;
  const cancel = await supervisor.user.post(`/api/v2/me/devices/${supervisor.device.id}`,
    { operationName: "CancelSupervisorMonitoring" });
  assert.deepEqual(cancel.json, { statusCode: 0 });
  const cancelled = await supervisor.inbox.waitFor((m) => supervisor.inbox.messages.indexOf(m) >= from &&
    m.messageType === "DeviceStateChangeMessage", "monitoring cancelled");
  assert.equal("supervisorMonitoringState" in cancelled.devices[0], false);
  assert.deepEqual(cancelled.devices[0].capabilities.slice(2), ["ListenIn", "Coach", "BargeIn"]);
});
