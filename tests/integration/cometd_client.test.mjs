// The official CometD JavaScript client (cometd + cometd-nodejs-client), long-polling,
// driving a real ctisim exactly as a GWS 8.5 agent desktop does.
import { test } from "node:test";
import assert from "node:assert/strict";
import { startServer, GwsAgent, Inbox, callMessage, phoneNumbers } from "./harness.mjs";
import { connectCometD } from "./cometd_session.mjs";

test("a GWS client: GET /me, handshake, subscribe, StartContactCenterSession, Dial, SingleStepConference, Hangup", { timeout: 30000 }, async (t) => {
  const server = await startServer();
  t.after(() => server.stop());

  const agent = new GwsAgent(server.url, "agent15000");
  const me = await agent.get("/api/v2/me?subresources=*");
  assert.equal(me.status, 200);
  assert.equal(me.json.statusCode, 0);
  assert.equal(me.json.user.userName, "agent15000");
  assert.ok(agent.cookies.get("JSESSIONID"), "GET /me sets JSESSIONID");

  const inbox = new Inbox();
  const cometd = await connectCometD(server.url, agent, inbox);
  t.after(() => new Promise((resolve) => cometd.disconnect(() => resolve())));

  const start = await agent.post("/api/v2/me", { operationName: "StartContactCenterSession", channels: ["voice"] });
  assert.deepEqual(start.json, { statusCode: 0 });
  const login = await inbox.waitFor((m) => m.messageType === "DeviceStateChangeMessage", "a device state message");
  assert.equal(login.channel, "/v2/me/devices");
  assert.equal(login.devices[0].phoneNumber, "15000");

  const devices = await agent.get("/api/v2/me/devices?fields=*");
  const deviceId = devices.json.devices[0].id;
  const dial = await agent.post(`/api/v2/me/devices/${deviceId}/calls`,
    { operationName: "Dial", destination: { phoneNumber: "15001" } });
  assert.deepEqual(dial.json, { statusCode: 0 });

  const dialing = await inbox.waitFor(callMessage("StatusChange", "Dialing"), "Dialing");
  assert.equal(dialing.channel, "/v2/me/calls");
  assert.equal(dialing.phoneNumber, "15000");
  assert.deepEqual(phoneNumbers(dialing.call), ["15001"]);
  assert.equal(dialing.call.callType, "Internal");
  assert.match(dialing.call.connId, /^[0-9a-f]{16}$/);
  assert.equal(dialing.call.id.length, 32);
  const callId = dialing.call.id;

  // Nobody is logged in on 15001, so it answers at once.
  const established = await inbox.waitFor(callMessage("StatusChange", "Established", (m) => m.call.id === callId),
    "Established");
  assert.ok(established.call.capabilities.includes("SingleStepConference"));

  const ssc = await agent.post(`/api/v2/me/calls/${callId}`,
    { operationName: "SingleStepConference", destination: { phoneNumber: "15002" } });
  assert.deepEqual(ssc.json, { statusCode: 0 });
  const updated = await inbox.waitFor(callMessage("ParticipantsUpdated", "Established"), "ParticipantsUpdated");
  assert.deepEqual(phoneNumbers(updated.call), ["15002", "15001"]);
  assert.deepEqual(updated.call.userData, { FirstConferencePartyDN: "15000" });
  assert.ok(updated.call.capabilities.includes("RemoveParticipantFromConference"));

  const hangup = await agent.post(`/api/v2/me/calls/${callId}`, { operationName: "Hangup" });
  assert.deepEqual(hangup.json, { statusCode: 0 });
  const released = await inbox.waitFor(callMessage("StatusChange", "Released"), "Released");
  assert.deepEqual(released.call.capabilities, []);

  const calls = await agent.get("/api/v2/me/calls");
  assert.deepEqual(calls.json, { statusCode: 0, uris: [] });
});

test("the official client re-handshakes after its session is dropped by a sandbox reset", { timeout: 30000 }, async (t) => {
  const server = await startServer();
  t.after(() => server.stop());
  const agent = new GwsAgent(server.url, "agent15010");
  await agent.get("/api/v2/me");
  const inbox = new Inbox();
  const cometd = await connectCometD(server.url, agent, inbox);
  t.after(() => new Promise((resolve) => cometd.disconnect(() => resolve())));
  const handshakes = [];
  cometd.addListener("/meta/handshake", (m) => handshakes.push(m.successful));

  const reset = await fetch(server.url + "/sim/v1/reset", { method: "POST" });
  assert.equal(reset.status, 200);
  // The reset ended the HTTP session too: log in again, as a desktop would on 401.
  const again = new GwsAgent(server.url, "agent15010");
  assert.equal((await again.get("/api/v2/me")).status, 200);
  cometd.configure({ requestHeaders: { Cookie: `JSESSIONID=${again.cookies.get("JSESSIONID")}` } });
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("no re-handshake: " + JSON.stringify(handshakes))), 8000);
    const poll = setInterval(() => {
      if (handshakes.includes(true)) { clearTimeout(timer); clearInterval(poll); resolve(); }
    }, 50);
  });
});
