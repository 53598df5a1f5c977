// The official client's flow (issue 27, item 7): two agents through
// genesys-workspace-client-js, every step checked on what the library shows
// (its promises, its call map, its events) and on the raw CometD messages it
// received (errors included, which the library hides). The same steps run
// against ctisim (workspace_client.test.mjs) and, by hand, against the Agent
// API Simulator (bench/workspace/README.md), through a target profile.
import assert from "node:assert/strict";
import { Desktop, unhandled } from "./desktop.mjs";

/** Where the users, numbers and login differ between servers. */
export const profiles = {
  ctisim: {
    login: "token",
    clientId: "external_api_client",
    clientSecret: "secret",
    agents: [
      { name: "agent15000", password: "password", dn: "15000" },
      { name: "agent15001", password: "password", dn: "15001" },
    ],
    // Any number that is not a DN of the switch is an external party that answers at once.
    external: ["5550100", "5550101", "5550102"],
    searchTerm: "15001",
  },
  "agent-api-simulator": {
    login: "sign-in",
    redirectUri: "http://localhost/",
    agents: [
      { name: "JohnSmith", password: "JohnSmith", dn: "+33298025003" },
      { name: "ThomasWatson", password: "ThomasWatson", dn: "+33298025011" },
    ],
    // The simulator answers an outbound call by itself after 5 s.
    external: ["5550100", "5550101", "5550102"],
    searchTerm: "Thomas",
    htmlAcks: true,
    activationSettleMs: 400,
  },
};

/** A superagent error with the request and the answer's body in its message. */
function described(error) {
  const req = error.response?.req;
  if (req) error.message = `${req.method} ${req.path}: ${error.status} ${error.message} ${error.response.text ?? ""}`.trim();
  return error;
}

/** A model object of the library as plain JSON (its classes would fail deepEqual). */
const plain = (value) => JSON.parse(JSON.stringify(value ?? null));

/**
 * A voice request's answer: {"status":{"code":1}} (ASYNC_OK). The simulator
 * answers most voice routes as text/html, which reaches the caller as {}:
 * its profile tolerates that (and counts it), nothing else.
 */
async function ack(ctx, request) {
  const answer = plain(await request.catch((error) => { throw described(error); }));
  if (ctx.profile.htmlAcks && Object.keys(answer).length === 0) {
    ctx.htmlAcks = (ctx.htmlAcks ?? 0) + 1;
    return;
  }
  assert.deepEqual(answer, { status: { code: 1 } });
}

/** A participant list's numbers. */
const numbers = (call) => (call.participants ?? []).map((p) => p.number);

/** Fails when a desktop received an EventError it was not told to expect. */
function assertNoErrors(ctx) {
  for (const d of ctx.desktops) {
    const errors = d.errors().slice(d.expectedErrors ?? 0);
    assert.deepEqual(errors, [], `${d.user.name} received EventError on /workspace/v3/voice`);
  }
}

/** Releases what a failed step may have left on either desktop, so that the next step starts clean. */
async function hangUpAll(ctx) {
  for (const d of ctx.desktops) {
    for (const [id, call] of d.api.voice.calls) {
      if (call.state === "Released" || call.state === "Completed") continue;
      await d.api.voice.releaseCall(id).catch(() => {});
      await d.nextCall("Released", { id }).catch(() => {});
    }
  }
}

/** A call's id as both desktops know it, checked on the wire: id = connId. */
function checkCallIdentity(call) {
  assert.equal(typeof call.id, "string");
  assert.equal(call.id, call.connId, "call.id is the connId");
  assert.ok(call.callUuid, "callUuid");
  assert.ok(Array.isArray(call.capabilities), "capabilities is a list");
  for (const c of call.capabilities) assert.match(c, /^[a-z]+(-[a-z]+)*$/, "capabilities are kebab-case");
  assert.ok(Array.isArray(call.userData), "userData is a key/value list");
}

/**
 * A places a call to B's DN and B answers it. The call's id is ctx.call as soon
 * as it is known, so that a failed check here does not fail the steps after it.
 */
async function connect(ctx, from, to) {
  await ack(ctx, from.api.voice.makeCall(to.user.dn));
  const dialing = await from.nextCall("Dialing");
  checkCallIdentity(dialing.call);
  const id = (ctx.call = dialing.call.id);
  const ringing = await to.nextCall("Ringing", { id });
  assert.equal(ringing.call.connId, id, "both parties see one connId");
  assert.ok(ringing.call.capabilities.includes("answer"));
  await ack(ctx, to.api.voice.answerCall(id));
  await to.nextCall("Established", { id });
  await from.nextCall("Established", { id });
  // The caller's Dialing names whom it dials (T-Server's EventDialing has ThirdPartyDN).
  assert.ok(numbers(dialing.call).includes(to.user.dn), `the caller's Dialing call lists ${to.user.dn} among its participants: ${JSON.stringify(dialing.call.participants)}`);
}

/** The steps, in order; each one a test of its own. */
export const steps = [
  ["initialize: credentials, initialize-workspace, CometD initialization", async (ctx) => {
    for (const d of ctx.desktops) {
      await d.initialize();
      assert.equal(d.api.initialized, true);
      assert.ok(d.api.user.employeeId, "user.employeeId");
      assert.ok(d.api.user.agentLogin || d.api.user.employeeId, "user.agentLogin");
      for (const key of ["actionCodes", "settings", "businessAttributes", "transactions", "agentGroups"]) {
        assert.ok(key in d.api.configuration, `configuration.${key}`);
      }
      const handshake = d.wire.messages.find((m) => m.channel === "/meta/handshake");
      assert.equal(handshake?.successful, true);
      const complete = d.received("/workspace/v3/initialization").find((m) => m.data.state === "Complete");
      assert.equal(complete.data.messageType, "WorkspaceInitializationComplete");
      // The library subscribes to /workspace/v3/voice only after Complete: wait for that subscription's answer.
      await new Promise((resolve, reject) => {
        const answered = () => d.wire.messages.find((m) => m.channel === "/meta/subscribe" && m.subscription === "/workspace/v3/voice");
        const check = () => {
          const m = answered();
          if (!m) return;
          d.wire.waiters.delete(check);
          clearTimeout(timer);
          m.successful ? resolve() : reject(new Error(`/workspace/v3/voice refused: ${JSON.stringify(m)}`));
        };
        const timer = setTimeout(() => { d.wire.waiters.delete(check); reject(new Error("no /workspace/v3/voice subscription answer")); }, 10000);
        d.wire.waiters.add(check);
        check();
      });
    }
  }],

  ["activate-channels: the agent logs in on its DN", async (ctx) => {
    for (const d of ctx.desktops) {
      const res = await d.api.activateChannels(undefined, d.user.dn).catch((error) => { throw described(error); });
      assert.deepEqual(plain(res), { status: { code: 0 } });
      const dn = (await d.nextDn(`of ${d.user.dn}`, (dn) => dn.number === d.user.dn)).dn;
      assert.ok(["LoggedIn", "Ready", "NotReady"].includes(dn.agentState), `agentState ${dn.agentState}`);
      assert.ok(Array.isArray(dn.capabilities), "dn.capabilities");
      assert.equal(d.api.voice.dn.number, d.user.dn, "the library keeps the DN");
    }
    // The simulator records the agent's DN 250 ms after sending its DnStateChanged and
    // ignores voice requests until then; nothing tells when: its profile waits.
    if (ctx.profile.activationSettleMs) await new Promise((resolve) => setTimeout(resolve, ctx.profile.activationSettleMs));
    assertNoErrors(ctx);
  }],

  ["ready, not-ready (work mode and reason), dnd-on, dnd-off", async (ctx) => {
    const [a, b] = ctx.desktops;
    await ack(ctx, a.api.voice.notReady("AfterCallWork", "Lunch"));
    const notReady = (await a.nextDn("NotReady", (dn) => dn.agentState === "NotReady")).dn;
    assert.equal(notReady.agentWorkMode, "AfterCallWork");
    await ack(ctx, a.api.voice.dndOn());
    await a.nextDn("dnd on", (dn) => dn.dnd === true || dn.dnd === "on" || dn.dnd === "On");
    await ack(ctx, a.api.voice.dndOff());
    const off = (await a.nextDn("dnd off", (dn) => !(dn.dnd === true || dn.dnd === "on" || dn.dnd === "On"))).dn;
    assert.equal(off.agentState, "NotReady", "DND leaves the agent state alone");
    for (const d of [a, b]) {
      await ack(ctx, d.api.voice.ready());
      await d.nextDn("Ready", (dn) => dn.agentState === "Ready");
      assert.equal(d.api.voice.dn.agentState, "Ready", "the library's DN");
    }
    assertNoErrors(ctx);
  }],

  ["make-call to the other agent, answer", async (ctx) => {
    const [a, b] = ctx.desktops;
    await connect(ctx, a, b);
    assert.equal(a.api.voice.calls.get(ctx.call)?.state, "Established", "the caller's call map");
    assert.equal(b.api.voice.calls.get(ctx.call)?.state, "Established", "the callee's call map");
    assertNoErrors(ctx);
  }],

  ["hold, retrieve", async (ctx) => {
    const [a] = ctx.desktops;
    const id = ctx.call;
    await ack(ctx, a.api.voice.holdCall(id));
    const held = await a.nextCall("Held", { id });
    assert.ok(held.call.capabilities.includes("retrieve"), "a held call can be retrieved");
    assert.ok(!held.call.capabilities.includes("hold"), "a held call cannot be held again");
    await ack(ctx, a.api.voice.retrieveCall(id));
    await a.nextCall("Established", { id });
    assertNoErrors(ctx);
  }],

  ["user data: attach, update, delete-pair, seen by both parties", async (ctx) => {
    const [a, b] = ctx.desktops;
    const id = ctx.call;
    const changed = (d, check) => d.nextCall(undefined, { id, notificationType: "AttachedDataChanged", more: (m) => check(m.call.userData) });
    const value = (userData, key) => userData.find((kv) => kv.key === key)?.value;
    await ack(ctx, a.api.voice.attachUserData(id, [{ key: "Segment", type: "str", value: "Gold" }]));
    for (const d of [a, b]) await changed(d, (u) => value(u, "Segment") === "Gold");
    await ack(ctx, a.api.voice.updateUserData(id, [
      { key: "Segment", type: "str", value: "Platinum" }, { key: "Priority", type: "int", value: 8 }]));
    for (const d of [a, b]) await changed(d, (u) => value(u, "Segment") === "Platinum" && Number(value(u, "Priority")) === 8);
    await ack(ctx, b.api.voice.deleteUserDataPair(id, "Segment"));
    for (const d of [a, b]) {
      const m = await changed(d, (u) => value(u, "Segment") === undefined);
      assert.equal(Number(value(m.call.userData, "Priority")), 8, "delete-user-data-pair deletes that key only");
    }
    assertNoErrors(ctx);
  }],

  ["send-dtmf, and a refused request's EventError on the wire", async (ctx) => {
    const [a] = ctx.desktops;
    await ack(ctx, a.api.voice.sendDTMF(ctx.call, "12#"));
    // Dialling one's own DN is refused by the switch: the library hides the
    // EventError, the raw CometD messages show it.
    let refusedByHttp;
    try {
      await ack(ctx, a.api.voice.makeCall(a.user.dn));
    } catch (error) {
      refusedByHttp = error;
    }
    if (refusedByHttp) {
      assert.ok(refusedByHttp.status >= 400 && refusedByHttp.status < 500, `HTTP ${refusedByHttp.status}`);
      const body = JSON.parse(refusedByHttp.response.text);
      assert.ok(body.status.code !== 0 && body.status.message, "the v3 error shape {status:{code,message}}");
    } else {
      const error = await a.next("EventError", (d) => d.messageType === "EventError");
      assert.equal(typeof error.error.errorCode, "number");
      assert.ok(error.error.errorMessage, "errorMessage");
      a.expectedErrors = (a.expectedErrors ?? 0) + 1;
    }
    assertNoErrors(ctx);
  }],

  ["two-step conference to an external number, delete-from-conference", async (ctx) => {
    const [a, b] = ctx.desktops;
    const id = ctx.call;
    const [external] = ctx.profile.external;
    await ack(ctx, b.api.voice.initiateConference(id, external));
    const consult = await b.nextCall(undefined, { more: (m) => m.call.id !== id && m.call.parentConnId === id });
    const consultId = consult.call.id;
    await b.nextCall("Established", { id: consultId });
    await ack(ctx, b.api.voice.completeConference(consultId, id));
    const inConference = (m) => numbers(m.call).includes(external) && numbers(m.call).length >= 2;
    await b.nextCall(undefined, { id, more: inConference });
    await a.nextCall(undefined, { id, more: inConference });
    await ack(ctx, b.api.voice.deleteFromConference(id, external));
    for (const d of [a, b]) await d.nextCall(undefined, { id, notificationType: "ParticipantsUpdated", more: (m) => !numbers(m.call).includes(external) });
    assertNoErrors(ctx);
  }],

  ["single-step conference to an external number, release", async (ctx) => {
    const [a, b] = ctx.desktops;
    const id = ctx.call;
    const external = ctx.profile.external[1];
    await ack(ctx, a.api.voice.singleStepConference(id, external));
    for (const d of [a, b]) await d.nextCall(undefined, { id, more: (m) => numbers(m.call).includes(external) });
    await ack(ctx, a.api.voice.releaseCall(id));
    await a.nextCall("Released", { id });
    await b.nextCall(undefined, { id, more: (m) => !numbers(m.call).includes(a.user.dn) });
    await ack(ctx, b.api.voice.releaseCall(id));
    await b.nextCall("Released", { id });
    for (const d of [a, b]) assert.equal(d.api.voice.calls.has(id), false, `${d.user.name}'s call map drops the call`);
    assertNoErrors(ctx);
  }],

  ["two-step transfer of an outbound call to the other agent", async (ctx) => {
    const [a, b] = ctx.desktops;
    await hangUpAll(ctx);
    const external = ctx.profile.external[2];
    await ack(ctx, a.api.voice.makeCall(external));
    const id = (await a.nextCall("Dialing")).call.id;
    await a.nextCall("Established", { id });
    await ack(ctx, a.api.voice.initiateTransfer(id, b.user.dn));
    const consult = await a.nextCall(undefined, { more: (m) => m.call.id !== id && m.call.parentConnId === id });
    const consultId = consult.call.id;
    const ringing = await b.nextCall("Ringing", { id: consultId });
    assert.equal(ringing.call.callType, "Consult");
    await ack(ctx, b.api.voice.answerCall(consultId));
    await a.nextCall("Established", { id: consultId });
    await ack(ctx, a.api.voice.completeTransfer(consultId, id));
    const releasedIds = new Set();
    while (releasedIds.size < 2) releasedIds.add((await a.nextCall("Released", { more: (m) => [id, consultId].includes(m.call.id) })).call.id);
    // B's consult call becomes the transferred call: its connId changes and previousConnId says from what.
    const moved = await b.nextCall(undefined, { id, more: (m) => m.call.previousConnId === consultId });
    assert.ok(numbers(moved.call).includes(external), `B is now with ${external}: ${numbers(moved.call)}`);
    assert.equal(b.api.voice.calls.has(consultId), false, "the library re-keyed its call map");
    assert.equal(b.api.voice.calls.get(id)?.state, "Established");
    assertNoErrors(ctx);
  }],

  ["single-step transfer of an outbound call to the other agent, answer, release", async (ctx) => {
    const [a, b] = ctx.desktops;
    await hangUpAll(ctx);
    const external = ctx.profile.external[0];
    await ack(ctx, b.api.voice.makeCall(external));
    const id = (await b.nextCall("Dialing")).call.id;
    await b.nextCall("Established", { id });
    await ack(ctx, b.api.voice.singleStepTransfer(id, a.user.dn));
    await b.nextCall("Released", { id });
    const ringing = await a.nextCall("Ringing", { more: (m) => numbers(m.call).includes(external) });
    const newId = ringing.call.id;
    await ack(ctx, a.api.voice.answerCall(newId));
    await a.nextCall("Established", { id: newId });
    await ack(ctx, a.api.voice.releaseCall(newId));
    await a.nextCall("Released", { id: newId });
    assertNoErrors(ctx);
  }],

  ["targets: search without types finds the other agent", async (ctx) => {
    const [a, b] = ctx.desktops;
    const targets = await a.api.targets.search(ctx.profile.searchTerm);
    assert.ok(Array.isArray(targets), "a list of targets");
    const found = targets.find((t) => t.type === "agent" && (t.number === b.user.dn || t.userName === b.user.name));
    assert.ok(found, `${b.user.name} among ${JSON.stringify(targets)}`);
  }],

  ["destroy: /meta/disconnect, logout answered 2xx", async (ctx) => {
    for (const d of ctx.desktops) {
      const logout = await d.destroy().catch((error) => { throw described(error); });
      assert.deepEqual(plain(logout), { status: { code: 0 } });
      assert.ok(d.wire.sent.some((m) => m.channel === "/meta/disconnect"), "/meta/disconnect sent");
    }
    assert.deepEqual(unhandled, [], "no unhandled rejection");
    assertNoErrors(ctx);
  }],
];

/** A fresh context: two desktops on target {url, ...profile}. */
export function newContext(target) {
  const profile = profiles[target.profile];
  const full = { ...profile, ...target };
  return { profile: full, desktops: profile.agents.map((user) => new Desktop(full, user)) };
}
