// Two front ends sharing one switch behind a load balancer sticky on JSESSIONID
// (docs/nginx-sticky.conf): logins spread over both, every later request of a
// session (REST and CometD) sticks to the front end that issued its JSESSIONID,
// and a call between agents on different front ends is seen by both.
// nginx_sticky.test.mjs runs it against nginx on this host,
// tests/container/compose.test.mjs against deploy/compose.yaml.
import assert from "node:assert/strict";
import { GwsAgent, Inbox, callMessage, phoneNumbers } from "./harness.mjs";
import { connectCometD } from "./cometd_session.mjs";

/** The route suffix of an agent's session cookie ("...x7.a" -> "a"). */
export function routeOf(agent) {
  const id = agent.cookies.get("JSESSIONID") ?? "";
  return /\.([a-z0-9]+)$/.exec(id)?.[1];
}

/**
 * The checks, through the balancer at url; fronts ({a: url, b: url}, when the
 * front ends can be reached directly) adds that a session exists only where it
 * was issued.
 */
export async function checkStickyPair(t, url, fronts) {
  // First logins (HTTP Basic, no cookie yet) go round robin: the two agents end up on
  // different front ends. A second agent who lands where the first did logs in afresh.
  const first = new GwsAgent(url, "agent15000");
  assert.equal((await first.get("/api/v2/me")).status, 200);
  const firstRoute = routeOf(first);
  assert.ok(["a", "b"].includes(firstRoute), "a routed cookie: " + first.cookies.get("JSESSIONID"));
  let second;
  for (let i = 0; i < 4 && (!second || routeOf(second) === firstRoute); i++) {
    second = new GwsAgent(url, "agent15001");
    assert.equal((await second.get("/api/v2/me")).status, 200);
  }
  const secondRoute = routeOf(second);
  assert.ok(["a", "b"].includes(secondRoute), "a routed cookie: " + second.cookies.get("JSESSIONID"));
  assert.notEqual(secondRoute, firstRoute, "round robin spreads logins over both front ends");

  // The session exists only on the front end that issued it: nginx must route by the cookie.
  const cookie = `JSESSIONID=${first.cookies.get("JSESSIONID")}`;
  if (fronts) {
    assert.equal((await fetch(fronts[firstRoute] + "/api/v2/me", { headers: { Cookie: cookie } })).status, 200);
    assert.equal((await fetch(fronts[secondRoute] + "/api/v2/me", { headers: { Cookie: cookie } })).status, 401);
  }
  for (let i = 0; i < 4; i++) {
    const me = await first.get("/api/v2/me");
    assert.equal(me.status, 200, "every request of the session reaches its front end");
    assert.equal(me.json.user.userName, "agent15000");
  }
  // A cookie routed to a front end nginx does not know is an unknown session there.
  const stray = await fetch(url + "/api/v2/me", { headers: { Cookie: cookie.replace(/\.[a-z0-9]+$/, ".zz") } });
  assert.equal(stray.status, 401);

  // Both agents start their sessions and long-poll CometD through nginx.
  const agents = [];
  for (const agent of [first, second]) {
    const inbox = new Inbox();
    const cometd = await connectCometD(url, agent, inbox);
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
}
