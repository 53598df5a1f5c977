// The helper against a real ctisim (CTISIM_BIN, else build/cli/ctisim):
// start, reset, inject, remote parties, clock, journal, waitFor, agents, and
// the long poll GET /sim/v1/journal?wait= it rests on.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { startCtisim, CtisimError } from "../src/index.js";
import { collector, documentText, validator } from "./validating.js";

const built = fileURLToPath(new URL("../../../build/cli/ctisim", import.meta.url));
const binary = process.env.CTISIM_BIN ?? (existsSync(built) ? built : "ctisim");
const responses = collector();
let sim;

before(async () => {
  sim = await startCtisim({ binary, onResponse: responses.onResponse });
});
after(async () => {
  assert.equal(await sim.stop(), 0, "ctisim stops cleanly on SIGTERM");
  assert.deepEqual(responses.problems, [], "every control API answer matches docs/openapi/sim-v1.json");
  assert.ok(responses.seen.size >= 15, `answers of many routes were checked (${[...responses.seen].join(", ")})`);
});
beforeEach(() => sim.reset());

test("GET /sim/v1/openapi.json is the repository's document, a valid OpenAPI 3.1 description", async () => {
  const res = await fetch(`${sim.baseUrl}/sim/v1/openapi.json`);
  assert.equal(res.status, 200);
  assert.equal(await res.text(), documentText);
  assert.equal(validator.documentErrors, null);
  const doc = JSON.parse(documentText);
  assert.equal(doc.openapi, "3.1.0");
});

test("an inbound call: the agent is notified, answers; the customer hangs up", async () => {
  const agent = await sim.agent("agent15000");
  assert.deepEqual(await agent.me("StartContactCenterSession", { channels: ["voice"] }), { statusCode: 0 });
  const { connId, callUuid } = await sim.injectCall({ from: "+15551234", to: "15000", userData: { Segment: "Gold" } });
  assert.match(connId, /^[0-9a-f]{16}$/);
  const ringing = await agent.waitForNotification((n) => n.call?.state === "Ringing");
  assert.equal(ringing.call.callUuid, callUuid);
  assert.deepEqual(ringing.call.userData, { Segment: "Gold" });
  assert.deepEqual(await agent.callOperation(ringing.call.id, "Answer"), { statusCode: 0 });
  await agent.waitForNotification((n) => n.call?.state === "Established");
  await sim.remoteParty.hangup("+15551234", { connId });
  const released = await sim.waitFor({ dn: "15000", event: "EventReleased" });
  assert.deepEqual(released.connIds, [connId]);
  await agent.waitForNotification((n) => n.call?.state === "Released");
  assert.deepEqual(await agent.calls(), []);
});

test("remote parties answer and send digits; errors are CtisimError with the GWS body", async () => {
  await sim.setBehaviour("+14155550100", { behaviour: "ringForever" });
  const agent = await sim.agent("agent15001");
  const { json } = await agent.get("/api/v2/me/devices?fields=*");
  await agent.post(`/api/v2/me/devices/${json.devices[0].id}/calls`, { operationName: "Dial", destination: { phoneNumber: "+14155550100" } });
  const ringing = await sim.waitFor({ dn: "+14155550100", event: "EventRinging" });
  await sim.remoteParty.answer("+14155550100");
  await sim.remoteParty.dtmf("+14155550100", "1234");
  const dtmf = await sim.waitFor({ request: "RequestSendDTMF" }, { after: ringing.seq });
  assert.equal(dtmf.data.digits, "1234");
  await assert.rejects(sim.remoteParty.answer("15099"), (e) => e instanceof CtisimError && e.status === 404 && e.body.statusCode === 6);
  await assert.rejects(sim.remoteParty.answer("+14155550100", { connId: "0000000000000bad" }),
    (e) => e.status === 409 && e.body.statusCode === 2 && e.body.errorCode === 56);
});

test("faults, health and the OpenAPI document through the helper", async () => {
  assert.deepEqual(await sim.control("GET", "/sim/v1/health"), { status: "ok" });
  assert.equal((await sim.control("GET", "/sim/v1/openapi.json")).openapi, "3.1.0");
  assert.equal((await sim.faults({ link: "down" })).link, "down");
  assert.equal((await sim.control("GET", "/sim/v1/faults")).link, "down");
  const dropping = await sim.faults({ link: "up", dropEvents: 3 });
  assert.deepEqual([dropping.dropEvents, dropping.droppedEvents], [3, 0]);
  await assert.rejects(sim.faults({ dropEvents: 1000001 }), (e) => e.status === 400 && e.body.statusCode === 10);
  await sim.faults({ link: "down" });
  await assert.rejects(sim.faults({ link: "sideways" }), (e) => e.status === 400 && e.body.statusCode === 10);
  await assert.rejects(sim.control("DELETE", "/sim/v1/state"), (e) => e.status === 405);
  await assert.rejects(sim.clock.advance(1000), (e) => e.status === 409, "the real clock cannot be moved");
});

test("the virtual clock moves only when told", async () => {
  await sim.reset({ clock: { virtual: true, start: "2026-01-01T00:00:00Z" } });
  const clock = await sim.clock.now();
  const start = clock.now;
  assert.equal(start, Date.UTC(2026, 0, 1));
  assert.equal(clock.virtualClock, true);
  assert.equal((await sim.state()).virtualClock, clock.virtualClock, "the clock and the state dump spell it alike");
  assert.equal((await sim.clock.advance(52000)).now, start + 52000);
  const moved = await sim.waitFor({ control: "AdvanceClock" });
  assert.equal(moved.kind, "control");
  assert.equal((await sim.state()).now, start + 52000);
});

test("journal?wait= answers as soon as a matching entry comes, well before its deadline", async () => {
  const { lastSeq } = await sim.journal({ limit: 1 });
  const waitMs = 10000;
  const began = Date.now();
  let answeredAt = 0;
  const held = sim.journal({ dn: "15002", after: lastSeq, wait: waitMs }).then((page) => {
    answeredAt = Date.now();
    return page;
  });
  // Nothing matches yet: unrelated traffic does not answer it.
  await sim.injectCall({ from: "+15550001", to: "15003" });
  const injectedAt = Date.now();
  assert.equal(answeredAt, 0, "not answered by an entry that does not concern 15002");
  await sim.injectCall({ from: "+15550002", to: "15002" });
  const page = await held;
  assert.ok(answeredAt >= injectedAt, "answered after the matching event, not before");
  assert.ok(answeredAt - began < waitMs / 2, `answered ${answeredAt - began} ms after asking: well before the ${waitMs} ms deadline`);
  assert.ok(page.entries.length >= 1);
  assert.ok(page.entries.every((e) => e.seq > lastSeq && e.dns.includes("15002")));
});

test("journal?wait= answers entries: [] at its deadline when nothing matches", async () => {
  const { lastSeq } = await sim.journal({ limit: 1 });
  const waitMs = 300;
  const began = Date.now();
  const page = await sim.journal({ dn: "15098", after: lastSeq, wait: waitMs });
  const elapsed = Date.now() - began;
  assert.deepEqual(page.entries, []);
  assert.ok(elapsed >= waitMs - 5, `held until the deadline (${elapsed} ms of ${waitMs})`);
  await assert.rejects(sim.journal({ wait: 60001 }), (e) => e.status === 400 && /"wait"/.test(e.body.statusMessage));
});

test("journal waits are bounded (64 held, 503 past it) and freed when their clients go away", async () => {
  const { lastSeq } = await sim.journal({ limit: 1 });
  const aborter = new AbortController();
  const url = `${sim.baseUrl}/sim/v1/journal?dn=15097&after=${lastSeq}&wait=30000`;
  // A probe (wait=1) may take a place for its millisecond and push a long wait out
  // with a 503: such a wait is sent again, until the server holds all 64.
  const held = [];
  const hold = (i) => {
    held[i] = fetch(url, { signal: aborter.signal }).then(async (res) => {
      await res.body.cancel();
      if (res.status === 503 && !aborter.signal.aborted) return hold(i);
      return res.status;
    }).catch((e) => e);
    return held[i];
  };
  for (let i = 0; i < 64; i++) hold(i);
  let refused;
  for (const until = Date.now() + 10000; !refused && Date.now() < until;) {
    const res = await fetch(url.replace("wait=30000", "wait=1"));
    if (res.status === 503) refused = await res.json();
    else await res.body.cancel();
  }
  assert.ok(refused, "the 65th wait is refused");
  assert.equal(refused.statusCode, 4);
  aborter.abort();
  await Promise.all(held);
  // The clients are gone: their places are free again.
  let accepted = false;
  for (const until = Date.now() + 10000; !accepted && Date.now() < until;) {
    const res = await fetch(url.replace("wait=30000", "wait=1"));
    accepted = res.status === 200;
    await res.body?.cancel();
  }
  assert.ok(accepted, "a new wait is held once the others' clients went away");
});

test("a reset answers the waits held on the old journal at once", async () => {
  const { lastSeq } = await sim.journal({ limit: 1 });
  const held = sim.journal({ dn: "15096", after: lastSeq, wait: 30000 });
  await new Promise((r) => setTimeout(r, 50));
  await sim.reset();
  const page = await held;
  assert.deepEqual(page.entries, []);
});
