// Example: a client team's test suite using ctisim as a CI fixture, through the
// helper package @ctisim/fixture (clients/node). Where ctisim comes from:
//   CTISIM_URL=http://host:8080   one that runs already (a CI service container)
//   CTISIM_IMAGE=localhost/ctisim  the container image (CTISIM_IMAGE_ENGINE: docker, podman, chroot)
//   CTISIM_BIN=path/to/ctisim      the program (default: ctisim on PATH)
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { startCtisim, connectCtisim } from "@ctisim/fixture";
import { openApiValidator } from "@ctisim/fixture/openapi";

// Every control API answer is checked against the OpenAPI description the server serves.
const problems = [];
let validator;
const onResponse = (response) => validator && problems.push(...validator.validateResponse(response));

let sim;

before(async () => {
  sim = process.env.CTISIM_URL
    ? await connectCtisim(process.env.CTISIM_URL, { onResponse })
    : await startCtisim({ image: process.env.CTISIM_IMAGE, onResponse });
  validator = await openApiValidator(await sim.control("GET", "/sim/v1/openapi.json"));
  assert.equal(validator.documentErrors, null);
});

after(async () => {
  assert.equal(await sim.stop(), 0, "ctisim stops cleanly on SIGTERM");
  assert.deepEqual(problems, [], "every control API answer matches /sim/v1/openapi.json");
});

// Every test starts from the configuration the fixture started with: no call,
// no login, no session survives.
beforeEach(() => sim.reset());

test("an inbound call rings, the agent answers, the customer hangs up", async () => {
  const agent = await sim.agent("agent15000");
  assert.deepEqual(await agent.me("StartContactCenterSession", { channels: ["voice"] }), { statusCode: 0 });

  const { connId } = await sim.injectCall({ from: "+15551234", to: "15000", userData: { AccountNumber: "12345" } });
  const { call } = await agent.waitForNotification((n) => n.call?.state === "Ringing");
  assert.equal(call.callType, "Inbound");
  assert.equal(call.ani, "+15551234");
  assert.deepEqual(call.userData, { AccountNumber: "12345" });
  assert.ok(call.capabilities.includes("Answer"));

  assert.deepEqual(await agent.callOperation(call.id, "Answer"), { statusCode: 0 });
  await agent.waitForNotification((n) => n.call?.id === call.id && n.call.state === "Established");

  await sim.remoteParty.hangup("+15551234", { connId });
  await agent.waitForNotification((n) => n.call?.id === call.id && n.call.state === "Released");
  assert.deepEqual(await agent.calls(), []);
});

test("each test starts from a fresh sandbox", async () => {
  const state = await sim.state();
  assert.deepEqual(state.calls, [], "the previous test's calls are gone");
  assert.equal(state.dns.find((d) => d.dn === "15000").agentState, "LoggedOut", "the previous test's login is gone");
});

test("an agent dials out; the switch's journal shows the external number answering", async () => {
  const agent = await sim.agent("agent15001");
  const { json } = await agent.get("/api/v2/me/devices?fields=*");
  assert.deepEqual((await agent.post(`/api/v2/me/devices/${json.devices[0].id}/calls`,
    { operationName: "Dial", destination: { phoneNumber: "+14155550100" } })).json, { statusCode: 0 });
  // Verification that waits: no sleep, no polling loop.
  const established = await sim.waitFor({ dn: "+14155550100", event: "EventEstablished" });
  const [call] = await agent.calls();
  assert.equal(call.state, "Established");
  assert.equal(call.callType, "Outbound");
  assert.deepEqual(established.connIds, [call.connId ?? established.connIds[0]]);
  assert.deepEqual(await agent.callOperation(call.id, "Hangup"), { statusCode: 0 });
  await sim.waitFor({ dn: "15001", event: "EventReleased" }, { after: established.seq });
  assert.deepEqual(await agent.calls(), []);
});
