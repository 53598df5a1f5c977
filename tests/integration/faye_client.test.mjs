// Three agents on Faye clients (each with its own cookie jar): a call between two
// controlled agents, a single-step conference of a third, and a consult transfer,
// checking what every agent receives on its own /v2/me/calls.
import { test } from "node:test";
import assert from "node:assert/strict";
import faye from "faye";
import { startServer, GwsAgent, Inbox, basic, callMessage, phoneNumbers } from "./harness.mjs";

async function loggedInAgent(url, dn) {
  const agent = new GwsAgent(url, `agent${dn}`);
  agent.inbox = new Inbox();
  agent.faye = new faye.Client(url + "/api/v2/notifications", { timeout: 25, retry: 1 });
  agent.faye.disable("websocket");
  agent.faye.setHeader("Authorization", basic(`agent${dn}`));
  await agent.faye.subscribe("/v2/me/*", (data) => agent.inbox.push(data));
  const start = await agent.post("/api/v2/me", { operationName: "StartContactCenterSession", channels: ["voice"] });
  assert.deepEqual(start.json, { statusCode: 0 }, `StartContactCenterSession for ${dn}`);
  const devices = await agent.get("/api/v2/me/devices?fields=*");
  agent.deviceId = devices.json.devices[0].id;
  return agent;
}

// Faye clients keep retrying a server that is gone: disconnect them first.
async function shutdown(server, agents) {
  for (const agent of agents) agent.faye.disconnect();
  await new Promise((resolve) => setTimeout(resolve, 50));
  await server.stop();
}

async function establishedCall(a, b, bDn) {
  assert.deepEqual((await a.post(`/api/v2/me/devices/${a.deviceId}/calls`,
    { operationName: "Dial", destination: { phoneNumber: bDn } })).json, { statusCode: 0 });
  const dialing = await a.inbox.waitFor(callMessage("StatusChange", "Dialing"), "Dialing");
  const ringing = await b.inbox.waitFor(callMessage("StatusChange", "Ringing"), "Ringing");
  assert.equal(ringing.call.connId, dialing.call.connId, "both sides see one call");
  assert.ok(ringing.call.capabilities.includes("Answer"));
  assert.deepEqual((await b.post(`/api/v2/me/calls/${ringing.call.id}`, { operationName: "Answer" })).json,
    { statusCode: 0 });
  await b.inbox.waitFor(callMessage("StatusChange", "Established"), "B Established");
  await a.inbox.waitFor(callMessage("StatusChange", "Established"), "A Established");
  return { aCall: dialing.call.id, bCall: ringing.call.id };
}

test("three agents on Faye: single-step conference seen from every side", { timeout: 30000 }, async (t) => {
  const server = await startServer();
  const [a, b, c] = await Promise.all(["15020", "15021", "15022"].map((dn) => loggedInAgent(server.url, dn)));
  t.after(() => shutdown(server, [a, b, c]));

  const { aCall, bCall } = await establishedCall(a, b, "15021");
  assert.deepEqual((await a.post(`/api/v2/me/calls/${aCall}`,
    { operationName: "SingleStepConference", destination: { phoneNumber: "15022" } })).json, { statusCode: 0 });

  const cRinging = await c.inbox.waitFor(callMessage("StatusChange", "Ringing"), "C Ringing");
  assert.deepEqual((await c.post(`/api/v2/me/calls/${cRinging.call.id}`, { operationName: "Answer" })).json,
    { statusCode: 0 });
  const cEstablished = await c.inbox.waitFor(callMessage("StatusChange", "Established"), "C Established");
  assert.deepEqual(phoneNumbers(cEstablished.call).sort(), ["15020", "15021"]);

  const aUpdate = await a.inbox.waitFor(callMessage("ParticipantsUpdated"), "A ParticipantsUpdated");
  assert.deepEqual(phoneNumbers(aUpdate.call), ["15022", "15021"]);
  assert.equal(aUpdate.call.userData.FirstConferencePartyDN, "15020");
  const bUpdate = await b.inbox.waitFor(callMessage("ParticipantsUpdated"), "B ParticipantsUpdated");
  assert.deepEqual(phoneNumbers(bUpdate.call), ["15022", "15020"]);
  assert.equal(bUpdate.call.id, bCall);
  assert.ok(!bUpdate.call.capabilities.includes("RemoveParticipantFromConference"), "only the owner removes");

  // The owner leaves: the other two stay on the call together.
  await a.post(`/api/v2/me/calls/${aCall}`, { operationName: "Hangup" });
  await a.inbox.waitFor(callMessage("StatusChange", "Released"), "A Released");
  const bAfter = await b.inbox.waitFor(
    callMessage("ParticipantsUpdated", undefined, (m) => phoneNumbers(m.call).length === 1), "B sees A leave");
  assert.deepEqual(phoneNumbers(bAfter.call), ["15022"]);
  await b.post(`/api/v2/me/calls/${bCall}`, { operationName: "Hangup" });
  await b.inbox.waitFor(callMessage("StatusChange", "Released"), "B Released");
  await c.inbox.waitFor(callMessage("StatusChange", "Released"), "C Released");
});

test("three agents on Faye: consult transfer", { timeout: 30000 }, async (t) => {
  const server = await startServer();
  const [a, b, c] = await Promise.all(["15030", "15031", "15032"].map((dn) => loggedInAgent(server.url, dn)));
  t.after(() => shutdown(server, [a, b, c]));

  const { aCall, bCall } = await establishedCall(a, b, "15031");
  assert.deepEqual((await a.post(`/api/v2/me/calls/${aCall}`,
    { operationName: "InitiateTransfer", destination: { phoneNumber: "15032" } })).json, { statusCode: 0 });
  const held = await a.inbox.waitFor(callMessage("StatusChange", "Held"), "A's call Held");
  assert.equal(held.call.id, aCall);
  const consult = await a.inbox.waitFor(callMessage("StatusChange", "Dialing", (m) => m.call.id !== aCall),
    "consult Dialing");
  assert.equal(consult.call.callType, "Consult");
  const cRinging = await c.inbox.waitFor(callMessage("StatusChange", "Ringing"), "C Ringing");
  await c.post(`/api/v2/me/calls/${cRinging.call.id}`, { operationName: "Answer" });
  await a.inbox.waitFor(callMessage("StatusChange", "Established", (m) => m.call.id === consult.call.id),
    "consult Established");

  assert.deepEqual((await a.post(`/api/v2/me/calls/${consult.call.id}`, { operationName: "CompleteTransfer" })).json,
    { statusCode: 0 });
  await a.inbox.waitFor(callMessage("StatusChange", "Released", (m) => m.call.id === aCall), "A original Released");
  await a.inbox.waitFor(callMessage("StatusChange", "Released", (m) => m.call.id === consult.call.id),
    "A consult Released");
  const bNow = await b.inbox.waitFor(
    callMessage("ParticipantsUpdated", undefined, (m) => phoneNumbers(m.call).includes("15032")), "B talks to C");
  assert.equal(bNow.call.id, bCall);
  assert.deepEqual(phoneNumbers(bNow.call), ["15032"]);

  await b.post(`/api/v2/me/calls/${bCall}`, { operationName: "Hangup" });
  await b.inbox.waitFor(callMessage("StatusChange", "Released"), "B Released");
  await c.inbox.waitFor(callMessage("StatusChange", "Released"), "C Released");
});
