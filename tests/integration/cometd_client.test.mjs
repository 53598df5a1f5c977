// The official CometD JavaScript client (cometd + cometd-nodejs-client), long-polling,
// driving a real ctisim exactly as a GWS 8.5 agent desktop does.
import { test } from "node:test";
import assert from "node:assert/strict";
import { startServer, GwsAgent, Inbox, phoneNumbers } from "./harness.mjs";
import { connectCometD } from "./cometd_session.mjs";
import { FlowContext, seedPath } from "./flows.mjs";

test("a GWS client: GET /me, handshake, subscribe, StartContactCenterSession, Dial, SingleStepConference, Hangup", { timeout: 30000 }, async (t) => {
  const server = await startServer();
  t.after(() => server.stop());
  const ctx = new FlowContext(server.url);
  t.after(() => ctx.close());

  // The flow (flows.mjs) checks what holds in any configuration; the default configuration's values here.
  const { me, login, dialing, established, updated, released } = await seedPath(ctx);
  assert.equal(me.userName, "agent15000");
  assert.equal(login.devices[0].phoneNumber, "15000");
  assert.equal(dialing.channel, "/v2/me/calls");
  assert.equal(dialing.phoneNumber, "15000");
  assert.deepEqual(phoneNumbers(dialing.call), ["15001"]);
  assert.equal(dialing.call.callType, "Internal");
  assert.match(dialing.call.connId, /^[0-9a-f]{16}$/);
  assert.equal(dialing.call.id.length, 32);
  // Nobody is logged in on 15001, so it answers at once.
  assert.ok(established.call.capabilities.includes("SingleStepConference"));
  assert.deepEqual(phoneNumbers(updated.call), ["15002", "15001"]);
  assert.deepEqual(updated.call.userData, { FirstConferencePartyDN: "15000" });
  assert.ok(updated.call.capabilities.includes("RemoveParticipantFromConference"));
  assert.deepEqual(released.call.capabilities, []);
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
