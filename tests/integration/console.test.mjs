// The sandbox web console end to end in Debian's headless Chromium, driven by
// playwright-core: log an agent in, inject an inbound call from the control
// panel, see it ring, answer it, single-step conference a third DN, see the
// participants change, hang up; the journal view; then the rest of the
// softphone (user data, mute, DTMF, errors, consult conference) and several
// agents in one page. Every state is asserted on the DOM and kept as a
// screenshot in tests/artifacts/console/.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startServer } from "./harness.mjs";
import { openConsolePage, logIn, noChromium } from "./console_page.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const artifacts = path.join(here, "../artifacts/console");

/** Starts a server and a fresh headless Chromium on its console; both are stopped after the test. */
async function openConsole(t, serverArgs = []) {
  mkdirSync(artifacts, { recursive: true });
  const server = await startServer(serverArgs);
  t.after(() => server.stop());
  const { page, pageErrors } = await openConsolePage(t, server.url);
  return { server, page, pageErrors };
}

const skip = noChromium;

test("the console: inject, ring, answer, single-step conference, hang up", {
  timeout: 90000,
  skip,
}, async (t) => {
  const { server, page, pageErrors } = await openConsole(t);
  const shot = (name) => page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });
  const byId = (id) => page.getByTestId(id);
  const text = async (locator) => (await locator.textContent()).trim();

  // 1. The console loads, with the vendored CometD client.
  assert.equal(await page.title(), "ctisim sandbox console");
  const license = await page.request.get(server.url + "/vendor/cometd/LICENSE");
  assert.equal(license.status(), 200);
  assert.match(await license.text(), /Apache License/);
  await byId("switch-dns").waitFor();
  await shot("01-loaded");

  // 2. Log in agent15000: GWS login, CometD handshake, StartContactCenterSession.
  const agent = await logIn(page, "agent15000");
  assert.equal(await text(agent.getByTestId("agent-dn")), "15000");
  // The agent is logged in on the switch: the DN shows up with an agent state.
  await page.locator('[data-testid="dn-15000"] [data-testid="dn-agent-state"]')
    .filter({ hasText: /Ready|NotReady/ }).waitFor();
  assert.equal(await agent.getByTestId("call").count(), 0);
  await shot("02-logged-in");

  // 3. Inject an inbound call from +15551234 to 15000 with the control panel; it rings.
  await byId("inject-from").fill("+15551234");
  await byId("inject-to").fill("15000");
  await byId("inject-userdata").fill('{"Segment":"Gold"}');
  await byId("inject-button").click();
  const call = agent.getByTestId("call");
  await agent.locator('[data-testid="call"][data-state="Ringing"]').waitFor();
  assert.equal(await text(call.getByTestId("call-state")), "Ringing");
  assert.equal(await text(call.getByTestId("call-participants")), "+15551234");
  assert.match(await text(call.getByTestId("call-userdata")), /Segment=Gold/);
  assert.equal(await call.getByTestId("op-Answer").isEnabled(), true);
  assert.equal(await call.getByTestId("op-Hold").isEnabled(), false);
  const switchCall = byId("switch-call");
  await switchCall.getByTestId("switch-party").filter({ hasText: "15000 Ringing" }).waitFor();
  await page.locator('[data-testid="log-entry"]', { hasText: "StatusChange Ringing" }).first().waitFor();
  await shot("03-ringing");

  // 4. Answer as the agent (POST /api/v2/me/calls/{id} Answer).
  await call.getByTestId("op-Answer").click();
  await agent.locator('[data-testid="call"][data-state="Established"]').waitFor();
  assert.equal(await call.getByTestId("op-Answer").isEnabled(), false);
  assert.equal(await call.getByTestId("op-SingleStepConference").isEnabled(), true);
  await switchCall.getByTestId("switch-party").filter({ hasText: "15000 Established" }).waitFor();
  assert.equal(await switchCall.getByTestId("switch-party").count(), 2);
  await shot("04-established");

  // 5. Single-step conference 15002: the participants change.
  await call.getByTestId("call-destination").fill("15002");
  await call.getByTestId("op-SingleStepConference").click();
  await call.getByTestId("call-participants").filter({ hasText: "15002" }).waitFor();
  const participants = (await text(call.getByTestId("call-participants"))).split(", ").sort();
  assert.deepEqual(participants, ["+15551234", "15002"]);
  assert.equal(await text(call.getByTestId("call-state")), "Established");
  await switchCall.getByTestId("switch-party").filter({ hasText: "15002 Established" }).waitFor();
  assert.equal(await switchCall.getByTestId("switch-party").count(), 3);
  await page.locator('[data-testid="log-entry"]', { hasText: "ParticipantsUpdated" }).first().waitFor();
  await shot("05-conference");

  // 6. Hang up: the agent's call goes away; the other two parties stay on the switch.
  await call.getByTestId("op-Hangup").click();
  await call.waitFor({ state: "detached" });
  await page.locator('[data-testid="log-entry"]', { hasText: "StatusChange Released" }).first().waitFor();
  await page.waitForFunction(() => {
    const parties = [...document.querySelectorAll('[data-testid="switch-party"]')].map((p) => p.textContent);
    return parties.length > 0 && !parties.some((p) => p.startsWith("15000 "));
  });
  assert.equal(await agent.getByTestId("call").count(), 0);
  await shot("06-hung-up");

  // 7. The journal (GET /sim/v1/journal) shows the requests and events live,
  // filters by DN, and shows the server's message for a bad filter.
  const journal = page.locator('[data-testid="journal-entry"]');
  await journal.filter({ hasText: "RequestSingleStepConference" }).first().waitFor();
  await journal.filter({ hasText: "EventReleased" }).first().waitFor();
  await byId("journal-dn").fill("15002");
  await byId("journal-apply").click();
  await page.waitForFunction(() => {
    const rows = [...document.querySelectorAll('[data-testid="journal-entry"]')];
    return rows.length > 0 && rows.every((r) =>
      r.querySelector('[data-testid="journal-dns"]').textContent.split(" ").includes("15002"));
  });
  await journal.filter({ hasText: "RequestSingleStepConference" }).first().waitFor();
  await shot("07-journal-filtered");
  await byId("journal-connid").fill("xyz");
  await byId("journal-apply").click();
  await byId("journal-error").filter({ hasText: '"connId" must be 16 hex digits' }).waitFor();
  await shot("08-journal-error");
  await byId("journal-dn").fill("");
  await byId("journal-connid").fill("");
  await byId("journal-apply").click();
  await byId("journal-error").waitFor({ state: "hidden" });
  await journal.first().waitFor();

  // The one refused journal query is the only failed request.
  assert.deepEqual(pageErrors.filter((e) => !/status of 400/.test(e)), []);
  assert.equal(pageErrors.length, 1, pageErrors.join("\n"));
});

// A browser has one cookie jar for all panels: each panel authenticates every
// request (GWS and Bayeux) with its own Basic credentials, so two agents in one
// page each get their own notifications and act as themselves.
test("the console: two agents in one page call each other", { timeout: 90000, skip }, async (t) => {
  const { page, pageErrors } = await openConsole(t);
  const alice = await logIn(page, "agent15000");
  const bob = await logIn(page, "agent15001");
  assert.equal(await bob.getByTestId("agent-dn").textContent(), "15001");

  await alice.getByTestId("ready").click();
  await alice.getByTestId("agent-state").filter({ hasText: /^Ready$/ }).waitFor();
  await bob.getByTestId("agent-state").filter({ hasText: "NotReady" }).waitFor();

  await alice.getByTestId("dial-destination").fill("15001");
  await alice.getByTestId("dial").click();
  await bob.locator('[data-testid="call"][data-state="Ringing"]').waitFor();
  assert.equal((await bob.getByTestId("call-participants").textContent()).trim(), "15000");
  await bob.getByTestId("op-Answer").click();
  await bob.locator('[data-testid="call"][data-state="Established"]').waitFor();
  await alice.locator('[data-testid="call"][data-state="Established"]').waitFor();
  assert.equal((await alice.getByTestId("call-participants").textContent()).trim(), "15001");
  await page.screenshot({ path: path.join(artifacts, "10-two-agents.png"), fullPage: true });

  await alice.getByTestId("op-Hangup").click();
  await alice.getByTestId("call").waitFor({ state: "detached" });
  await bob.getByTestId("call").waitFor({ state: "detached" });

  // Alice logs out (her CometD client disconnects); Bob's panel still gets its calls.
  await alice.getByTestId("logout").click();
  await alice.waitFor({ state: "detached" });
  await page.getByTestId("inject-to").fill("15001");
  await page.getByTestId("inject-button").click();
  await bob.locator('[data-testid="call"][data-state="Ringing"]').waitFor();
  assert.equal(await page.getByTestId("agent-panel").count(), 1);
  assert.deepEqual(pageErrors, []);
});

/** The card of one of a panel's calls, by its state (and, optionally, a participant). */
function card(panel, state) {
  return panel.locator(`[data-testid="call"][data-state="${state}"]`);
}

// The rest of the softphone panel, with two agents in one page: user data edits
// (seen live in the switch view), mute, DTMF, errors shown in the panel, and a
// consult conference that the second agent answers in its own panel.
test("the console: user data, mute, DTMF, errors, consult conference", { timeout: 120000, skip }, async (t) => {
  const { page, pageErrors } = await openConsole(t);
  const shot = (name) => page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });
  const byId = (id) => page.getByTestId(id);
  const text = async (locator) => (await locator.textContent()).trim();
  const alice = await logIn(page, "agent15000");
  const bob = await logIn(page, "agent15001");

  await byId("inject-from").fill("+15551234");
  await byId("inject-to").fill("15000");
  await byId("inject-userdata").fill('{"Segment":"Gold"}');
  await byId("inject-button").click();
  await card(alice, "Ringing").getByTestId("op-Answer").click();
  const call = card(alice, "Established");
  await call.waitFor();
  const switchCall = byId("switch-call");
  const switchUserData = switchCall.getByTestId("switch-call-userdata");

  // 1. User data: attach a pair, update one, delete one; the switch view follows.
  await call.getByTestId("userdata-key").fill("Note");
  await call.getByTestId("userdata-value").fill("VIP");
  await call.getByTestId("op-AttachUserData").click();
  await call.locator('[data-testid="userdata-pair"][data-key="Note"]').waitFor();
  await switchUserData.filter({ hasText: "Note=VIP" }).waitFor();
  await call.getByTestId("userdata-key").fill("Segment");
  await call.getByTestId("userdata-value").fill("Platinum");
  await call.getByTestId("op-UpdateUserData").click();
  await call.getByTestId("userdata-pair").filter({ hasText: "Segment=Platinum" }).waitFor();
  await switchUserData.filter({ hasText: "Segment=Platinum" }).waitFor();
  await shot("20-user-data-edited");
  await call.locator('[data-testid="userdata-pair"][data-key="Note"]').getByTestId("op-DeleteUserDataPair").click();
  await call.locator('[data-testid="userdata-pair"][data-key="Note"]').waitFor({ state: "detached" });
  await switchUserData.filter({ hasNotText: "Note=" }).filter({ hasText: "Segment=Platinum" }).waitFor();
  assert.deepEqual(await call.getByTestId("userdata-text").allTextContents(), ["Segment=Platinum"]);
  await shot("21-user-data-pair-deleted");

  // 2. Mute and unmute: the card and the switch's party follow.
  await call.getByTestId("op-MuteCall").click();
  await alice.locator('[data-testid="call"][data-muted="true"]').waitFor();
  assert.equal(await call.getByTestId("call-mute").isVisible(), true);
  assert.equal(await call.getByTestId("op-UnmuteCall").isEnabled(), true);
  assert.equal(await call.getByTestId("op-MuteCall").isEnabled(), false);
  await switchCall.getByTestId("switch-party").filter({ hasText: "15000 Established (muted)" }).waitFor();
  await shot("22-muted");
  await call.getByTestId("op-UnmuteCall").click();
  await alice.locator('[data-testid="call"][data-muted="false"]').waitFor();
  await switchCall.getByTestId("switch-party").filter({ hasText: /^15000 Established$/ }).waitFor();

  // 3. DTMF from the agent, and from the remote party through the control API.
  await call.getByTestId("call-digits").fill("12#");
  await call.getByTestId("op-SendDtmf").click();
  await page.locator('[data-testid="log-entry"]', { hasText: "DtmfSent" }).first().waitFor();
  await byId("party-dn").fill("+15551234");
  await byId("party-digits").fill("9");
  await byId("party-dtmf").click();
  await byId("status").filter({ hasText: 'party +15551234 dtmf: {"statusCode":0}' }).waitFor();

  // 4. Errors reach the panel: one GWS refuses at once (HTTP 400) ...
  const error = alice.getByTestId("agent-error");
  assert.equal(await error.isVisible(), false);
  await call.getByTestId("call-digits").fill("12x");
  await call.getByTestId("op-SendDtmf").click();
  await error.waitFor();
  assert.match(await text(alice.getByTestId("agent-error-text")), /^SendDtmf 12x: .*digits/);
  await shot("23-error-bad-digits");
  await alice.getByTestId("agent-error-dismiss").click();
  await error.waitFor({ state: "hidden" });
  // ... and one the switch refuses after GWS accepted it (an Error notification).
  await byId("behaviour-dn").fill("15002");
  await byId("behaviour-select").selectOption("reject");
  await byId("behaviour-button").click();
  await byId("status").filter({ hasText: 'behaviour 15002 reject: {"statusCode":0}' }).waitFor();
  await call.getByTestId("call-destination").fill("15002");
  await call.getByTestId("op-InitiateConference").click();
  await alice.getByTestId("agent-error-text").filter({ hasText: /^InitiateConference: .*\(error 233\)$/ }).waitFor();
  await page.locator('[data-testid="journal-entry"].failed',
    { hasText: "RequestInitiateConference failed: Call has been rejected (error 233)" }).waitFor();
  await shot("24-error-switch-rejected");
  await alice.getByTestId("agent-error-dismiss").click();

  // 5. Consult conference: 15000 consults 15001, 15001 answers in its own panel.
  await call.getByTestId("call-destination").fill("15001");
  await call.getByTestId("op-InitiateConference").click();
  await card(alice, "Held").waitFor();
  await card(bob, "Ringing").waitFor();
  assert.equal(await text(card(bob, "Ringing").getByTestId("call-participants")), "15000");
  await shot("25-consult-ringing");
  await card(bob, "Ringing").getByTestId("op-Answer").click();
  await card(bob, "Established").waitFor();
  const consult = card(alice, "Established");
  await consult.waitFor();
  assert.equal(await text(consult.getByTestId("call-participants")), "15001");
  assert.equal(await alice.getByTestId("call").count(), 2);
  assert.equal(await consult.getByTestId("op-CompleteConference").isEnabled(), true);
  assert.equal(await card(alice, "Held").getByTestId("op-CompleteConference").isEnabled(), true);
  await shot("26-consult-established");

  await consult.getByTestId("op-CompleteConference").click();
  // One call each, with the two other parties; the switch has one call of three.
  const participants = async (panel) =>
    (await text(panel.getByTestId("call-participants"))).split(", ").sort();
  await alice.locator('[data-testid="call"]:not([data-state="Established"])').waitFor({ state: "detached" });
  await page.waitForFunction(() => {
    const cards = document.querySelectorAll('[data-user="agent15000"] [data-testid="call"]');
    return cards.length === 1 && cards[0].querySelector('[data-testid="call-participants"]').textContent.includes(",");
  });
  assert.deepEqual(await participants(alice), ["+15551234", "15001"]);
  await page.waitForFunction(() => {
    const cards = document.querySelectorAll('[data-user="agent15001"] [data-testid="call"]');
    return cards.length === 1 && cards[0].querySelector('[data-testid="call-participants"]').textContent.includes(",");
  });
  assert.deepEqual(await participants(bob), ["+15551234", "15000"]);
  assert.equal(await card(bob, "Established").count(), 1);
  await page.waitForFunction(() => {
    const calls = document.querySelectorAll('[data-testid="switch-call"]');
    return calls.length === 1 &&
      [...calls[0].querySelectorAll('[data-testid="switch-party"]')].filter((p) => p.textContent.endsWith(" Established")).length === 3;
  });
  const parties = (await switchCall.getByTestId("switch-party").allTextContents()).sort();
  assert.deepEqual(parties, ["+15551234 Established", "15000 Established", "15001 Established"]);
  // Each DN shows its own agent.
  for (const dn of ["15000", "15001"])
    assert.match(await text(page.getByTestId(`dn-${dn}`)), new RegExp(`^${dn}\\s*Extension\\s*agent${dn}\\s*NotReady`));
  // The user data followed the call into the conference.
  assert.match(await text(switchUserData), /Segment=Platinum/);
  await shot("27-consult-conference-complete");

  // Only the two refused requests logged errors in the browser.
  const unexpected = pageErrors.filter((e) => !/status of 400/.test(e));
  assert.deepEqual(unexpected, []);
});

// With CSRF on, two panels in one page: each panel's request can replace the
// page's JSESSIONID with its user's session, so the other panel's next write is
// refused (403) unless the panel fetches the new session's token and retries.
test("the console: two agents in one page with CSRF on", { timeout: 90000, skip }, async (t) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "ctisim-console-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const config = path.join(dir, "csrf.json");
  writeFileSync(config, JSON.stringify({ csrf: true }));
  const { page, pageErrors } = await openConsole(t, ["--config", config]);
  const alice = await logIn(page, "agent15000");
  const bob = await logIn(page, "agent15001");
  for (const [panel, state] of [[alice, "Ready"], [bob, "Ready"], [alice, "NotReady"], [bob, "NotReady"]]) {
    await panel.getByTestId(state === "Ready" ? "ready" : "not-ready").click();
    await panel.getByTestId("agent-state").filter({ hasText: new RegExp(`^${state}$`) }).waitFor();
  }
  await alice.getByTestId("dial-destination").fill("15001");
  await alice.getByTestId("dial").click();
  await card(bob, "Ringing").getByTestId("op-Answer").click();
  await card(alice, "Established").getByTestId("op-Hold").click();
  await card(alice, "Held").waitFor();
  await card(bob, "Established").getByTestId("op-Hangup").click();
  await alice.getByTestId("call").waitFor({ state: "detached" });
  assert.equal(await alice.getByTestId("agent-error").isVisible(), false);
  assert.equal(await bob.getByTestId("agent-error").isVisible(), false);
  await page.screenshot({ path: path.join(artifacts, "11-two-agents-csrf.png"), fullPage: true });

  // Reset: the panels close, and the journal view starts again with the new journal.
  const lastSeq = async () => Math.max(...(await page.getByTestId("journal-entry").evaluateAll(
    (rows) => rows.map((r) => Number(r.dataset.seq)))));
  await page.locator('[data-testid="journal-entry"]', { hasText: "RequestReleaseCall" }).first().waitFor();
  const before = await lastSeq();
  await page.getByTestId("reset-button").click();
  await page.getByTestId("status").filter({ hasText: 'reset: {"statusCode":0}' }).waitFor();
  assert.equal(await page.getByTestId("agent-panel").count(), 0);
  await page.getByTestId("journal-entry").first().waitFor();
  assert.ok(await lastSeq() < before, "the journal view shows the new journal only");
  assert.equal(await page.locator('[data-testid="journal-entry"]', { hasText: "RequestReleaseCall" }).count(), 0);
  assert.deepEqual(pageErrors.filter((e) => !/status of 403/.test(e)), []);
});

// Consult transfer with the softphone: consult 15001, swap between the two
// calls, swap back, complete the transfer; the caller ends up with 15001.
test("the console: consult transfer with swap", { timeout: 90000, skip }, async (t) => {
  const { page, pageErrors } = await openConsole(t);
  const shot = (name) => page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });
  const alice = await logIn(page, "agent15000");
  const bob = await logIn(page, "agent15001");
  await page.getByTestId("inject-to").fill("15000");
  await page.getByTestId("inject-button").click();
  await card(alice, "Ringing").getByTestId("op-Answer").click();
  const parent = alice.locator('[data-testid="call"][data-call-type="Inbound"]');
  await parent.and(card(alice, "Established")).waitFor();

  await parent.getByTestId("call-destination").fill("15001");
  await parent.getByTestId("op-InitiateTransfer").click();
  await card(bob, "Ringing").getByTestId("op-Answer").click();
  const consult = alice.locator('[data-testid="call"][data-call-type="Consult"]');
  await consult.and(card(alice, "Established")).waitFor();
  await parent.and(card(alice, "Held")).waitFor();
  await shot("30-transfer-consult");

  // Swap: the consult call is held and the caller is back; then swap again.
  await consult.getByTestId("op-SwapCalls").click();
  await consult.and(card(alice, "Held")).waitFor();
  await parent.and(card(alice, "Established")).waitFor();
  await shot("31-transfer-swapped");
  await parent.getByTestId("op-SwapCalls").click();
  await consult.and(card(alice, "Established")).waitFor();
  await parent.and(card(alice, "Held")).waitFor();

  await consult.getByTestId("op-CompleteTransfer").click();
  await alice.getByTestId("call").first().waitFor({ state: "detached" });
  await page.waitForFunction(() =>
    document.querySelectorAll('[data-user="agent15000"] [data-testid="call"]').length === 0);
  await page.waitForFunction(() => {
    const cards = document.querySelectorAll('[data-user="agent15001"] [data-testid="call"]');
    return cards.length === 1 && cards[0].dataset.state === "Established" &&
      cards[0].querySelector('[data-testid="call-participants"]').textContent === "+15551234";
  });
  await page.waitForFunction(() => {
    const parties = [...document.querySelectorAll('[data-testid="switch-party"]')].map((p) => p.textContent).sort();
    return parties.join("|") === "+15551234 Established|15001 Established";
  });
  await shot("32-transfer-complete");
  assert.deepEqual(pageErrors, []);
});

// The agent-state menu is the server's catalogue (GET /api/v2/settings/agent-states)
// in its order; each entry POSTs its operationName and the panel shows the
// userState that comes back (displayName, reason); do-not-disturb goes through
// POST /api/v2/me. The switch view shows what the switch made of each.
test("the console: agent-state menu from the catalogue, DND through /me", { timeout: 90000, skip }, async (t) => {
  const { server, page, pageErrors } = await openConsole(t);
  const shot = (name) => page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });
  const text = async (locator) => (await locator.textContent()).trim();
  const agent = await logIn(page, "agent15000");
  const catalogue = await (await page.request.get(server.url + "/api/v2/settings/agent-states",
    { headers: { Authorization: "Basic " + Buffer.from("agent15000:password").toString("base64") } })).json();
  const menu = agent.getByTestId("state-menu");
  const options = await menu.locator("option:not([hidden])").evaluateAll(
    (os) => os.map((o) => ({ operationName: o.value, displayName: o.textContent })));
  assert.deepEqual(options, catalogue.settings.map(({ operationName, displayName }) => ({ operationName, displayName })));
  assert.ok(options.some((o) => o.operationName === "OutToLunch"), "the default catalogue has reasons");
  // After StartContactCenterSession the agent is Not Ready: the menu shows that entry.
  await agent.getByTestId("agent-state-name").filter({ hasText: /^Not Ready$/ }).waitFor();
  assert.equal(await menu.inputValue(), "NotReady");

  const workMode = page.locator('[data-testid="dn-15000"] td').nth(4);
  const states = [
    // displayName chosen, state, reason shown, the switch's work mode
    ["Out to Lunch", "NotReady", "reason Lunch", "AgentAuxWork"],
    ["On Break", "NotReady", "reason Break", "AgentAuxWork"],
    ["Ready", "Ready", "", "AgentManualIn"],
    ["AfterCallWork", "NotReady", "", "AgentAfterCallWork"],
  ];
  for (const [displayName, state, reason, mode] of states) {
    await menu.selectOption({ label: displayName });
    await agent.getByTestId("agent-state-name").filter({ hasText: new RegExp(`^${displayName}$`) }).waitFor();
    assert.equal(await text(agent.getByTestId("agent-state")), state);
    assert.equal(await text(agent.getByTestId("agent-state-reason")), reason);
    assert.equal(await menu.inputValue(), catalogue.settings.find((e) => e.displayName === displayName).operationName);
    await page.waitForFunction(([selector, expected]) => document.querySelector(selector)?.textContent === expected,
      ['[data-testid="dn-15000"] td:nth-child(5)', mode]);
    assert.equal(await text(workMode), mode);
    if (displayName === "Out to Lunch") await shot("40-state-out-to-lunch");
  }
  // Every change is also published on /v2/me/channels for the voice channel.
  await page.locator('[data-testid="log-entry"]',
    { hasText: "/v2/me/channels ChannelStateChangeMessageV2 voice Out to Lunch" }).first().waitFor();

  // DND on and off through POST /api/v2/me; the switch's DN follows.
  const dnd = agent.getByTestId("dnd");
  const dndCell = page.locator('[data-testid="dn-15000"] td').nth(5);
  assert.equal(await dnd.getAttribute("aria-pressed"), "false");
  await dnd.click();
  await page.locator('[data-testid="agent-panel"][data-user="agent15000"][data-dnd="On"]').waitFor();
  assert.equal(await dnd.getAttribute("aria-pressed"), "true");
  assert.equal(await text(dnd), "DND on");
  await page.waitForFunction(() => document.querySelector('[data-testid="dn-15000"] td:nth-child(6)')?.textContent === "on");
  await shot("41-dnd-on");
  await dnd.click();
  await page.locator('[data-testid="agent-panel"][data-user="agent15000"][data-dnd="Off"]').waitFor();
  await page.waitForFunction(() => document.querySelector('[data-testid="dn-15000"] td:nth-child(6)')?.textContent === "");
  assert.equal(await text(dndCell), "");
  assert.equal(await agent.getByTestId("agent-error").isVisible(), false);
  assert.deepEqual(pageErrors, []);
});

// A supervisor in the same page as an agent: the supervisor's panel appears
// because its device offers ListenIn/Coach/BargeIn (an agent's does not); it
// listens in on the agent's device, receives the agent's next call as its own
// monitoring call, switches to barge-in and back, mutes and unmutes the agent,
// cancels; then coaches with scope Agent and mode NextCall. The switch view
// shows the supervisor's DN and party as the switch sees them.
test("the console: supervisor panel: listen in, barge in, mute the agent, cancel, coach", {
  timeout: 120000, skip,
}, async (t) => {
  const { page, pageErrors } = await openConsole(t);
  const shot = (name) => page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });
  const text = async (locator) => (await locator.textContent()).trim();
  const agent = await logIn(page, "agent15000");
  const supervisor = await logIn(page, "supervisor16000");
  const panel = supervisor.getByTestId("supervisor-panel");
  await panel.waitFor();
  assert.equal(await agent.getByTestId("supervisor-panel").isVisible(), false, "an agent has no supervisor panel");
  assert.equal(await text(panel.getByTestId("sup-state")), "not monitoring");
  assert.equal(await panel.getByTestId("sup-CancelSupervisorMonitoring").isEnabled(), false);
  assert.deepEqual(await panel.getByTestId("sup-target").locator("option").allTextContents(), ["agent15000 (15000)"]);

  // ListenIn on agent15000's device, scope Call, mode AllCalls.
  await panel.getByTestId("sup-scope").selectOption("Call");
  await panel.getByTestId("sup-mode").selectOption("AllCalls");
  await panel.getByTestId("sup-ListenIn").click();
  await panel.getByTestId("sup-state").filter({ hasText: "ListenIn agent15000 (15000), mode AllCalls, scope Call" }).waitFor();
  assert.equal(await panel.getByTestId("sup-CancelSupervisorMonitoring").isEnabled(), true);
  await page.locator('[data-testid="dn-16000"] [data-testid="dn-supervision"]')
    .filter({ hasText: "monitors 15000 (mute, all calls, call)" }).waitFor();
  await page.locator('[data-testid="dn-15000"] [data-testid="dn-supervision"]')
    .filter({ hasText: "monitored by 16000" }).waitFor();

  // The agent's next call reaches the supervisor as a monitoring call.
  await page.getByTestId("inject-to").fill("15000");
  await page.getByTestId("inject-button").click();
  await card(agent, "Ringing").getByTestId("op-Answer").click();
  await card(agent, "Established").waitFor();
  const monitored = supervisor.locator('[data-testid="call"][data-monitoring="true"]');
  await monitored.and(card(supervisor, "Established")).waitFor();
  assert.equal(await monitored.getByTestId("call-monitoring").isVisible(), true);
  assert.deepEqual((await text(monitored.getByTestId("call-participants"))).split(", ").sort(), ["+15551234", "15000"]);
  await agent.getByTestId("call-supervised").waitFor();
  await page.getByTestId("switch-party").filter({ hasText: /^16000 Established.* \(mute 15000\)$/ }).waitFor();
  // Listening: the supervisor may switch to barge-in (not to listen-in), and may mute the agent.
  assert.equal(await monitored.getByTestId("op-SwitchToBargeIn").isVisible(), true);
  assert.equal(await monitored.getByTestId("op-SwitchToListenIn").isVisible(), false);
  await shot("50-supervisor-listening");

  await monitored.getByTestId("op-SwitchToBargeIn").click();
  await monitored.getByTestId("op-SwitchToListenIn").waitFor();
  assert.equal(await monitored.getByTestId("op-SwitchToBargeIn").isVisible(), false);
  await monitored.getByTestId("op-SwitchToListenIn").click();
  await monitored.getByTestId("op-SwitchToBargeIn").waitFor();

  await monitored.getByTestId("op-MuteMonitoredUser").click();
  await monitored.getByTestId("call-monitored-muted").waitFor();
  await page.getByTestId("switch-party").filter({ hasText: /^15000 Established \(muted\)$/ }).waitFor();
  await shot("51-supervisor-agent-muted");
  await monitored.getByTestId("op-UnmuteMonitoredUser").click();
  await monitored.getByTestId("call-monitored-muted").waitFor({ state: "hidden" });
  await page.getByTestId("switch-party").filter({ hasText: /^15000 Established$/ }).waitFor();

  // Cancel: the state goes; the ongoing call stays with the supervisor.
  await panel.getByTestId("sup-CancelSupervisorMonitoring").click();
  await panel.getByTestId("sup-state").filter({ hasText: /^not monitoring$/ }).waitFor();
  assert.equal(await panel.getByTestId("sup-CancelSupervisorMonitoring").isEnabled(), false);
  await page.locator('[data-testid="dn-15000"] [data-testid="dn-supervision"]').filter({ hasText: /^$/ }).waitFor();

  // Coach with scope Agent, mode NextCall.
  await panel.getByTestId("sup-scope").selectOption("Agent");
  await panel.getByTestId("sup-mode").selectOption("NextCall");
  await panel.getByTestId("sup-Coach").click();
  await panel.getByTestId("sup-state").filter({ hasText: "Coach agent15000 (15000), mode NextCall, scope Agent" }).waitFor();
  await shot("52-supervisor-coach");
  await panel.getByTestId("sup-CancelSupervisorMonitoring").click();
  await panel.getByTestId("sup-state").filter({ hasText: /^not monitoring$/ }).waitFor();
  assert.equal(await supervisor.getByTestId("agent-error").isVisible(), false);
  assert.deepEqual(pageErrors, []);
});

// Recording buttons on a call, with api-voice-recording configured: only the
// operations the call's capabilities offer are shown, the recordingState is displayed, and each transition comes
// back as a CallRecordingStateChange with GSIP_RECORD in the user data.
test("the console: recording buttons follow the call's capabilities", { timeout: 90000, skip }, async (t) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "ctisim-console-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const config = path.join(dir, "recording.json");
  writeFileSync(config, JSON.stringify({ features: ["api-voice", "api-supervisor-monitoring", "api-voice-recording"] }));
  const { page, pageErrors } = await openConsole(t, ["--config", config]);
  const shot = (name) => page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });
  const agent = await logIn(page, "agent15000");
  await page.getByTestId("inject-to").fill("15000");
  await page.getByTestId("inject-userdata").fill("{}");
  await page.getByTestId("inject-button").click();
  await card(agent, "Ringing").waitFor();
  const call = agent.getByTestId("call");
  const shown = async () => (await call.getByTestId("call-recording-ops").locator("button:not([hidden])")
    .evaluateAll((bs) => bs.map((b) => b.dataset.op)));
  await card(agent, "Ringing").getByTestId("op-Answer").click();
  await card(agent, "Established").waitFor();
  await agent.locator('[data-testid="call"][data-recording-state="Stopped"]').waitFor();
  assert.equal((await call.getByTestId("call-recording").textContent()).trim(), "recording: Stopped");
  assert.deepEqual(await shown(), ["StartCallRecording"]);

  const steps = [
    ["StartCallRecording", "Recording", "ON", ["PauseCallRecording", "StopCallRecording"]],
    ["PauseCallRecording", "Paused", "PAUSED", ["ResumeCallRecording", "StopCallRecording"]],
    ["ResumeCallRecording", "Recording", "ON", ["PauseCallRecording", "StopCallRecording"]],
    ["StopCallRecording", "Stopped", "OFF", ["StartCallRecording"]],
  ];
  for (const [op, state, gsip, offered] of steps) {
    await call.getByTestId(`op-${op}`).click();
    await agent.locator(`[data-testid="call"][data-recording-state="${state}"]`).waitFor();
    await call.locator('[data-testid="userdata-pair"][data-key="GSIP_RECORD"]').filter({ hasText: `GSIP_RECORD=${gsip}` }).waitFor();
    assert.deepEqual(await shown(), offered);
    if (op === "StartCallRecording") await shot("60-recording");
  }
  await page.locator('[data-testid="log-entry"]', { hasText: "CallRecordingStateChange Established" }).first().waitFor();
  assert.equal(await agent.getByTestId("agent-error").isVisible(), false);
  assert.deepEqual(pageErrors, []);
});

// Without api-voice-recording (the default) the contact center offers no recording: no state, no buttons.
test("the console: no recording row without the api-voice-recording feature", { timeout: 90000, skip }, async (t) => {
  const { page, pageErrors } = await openConsole(t);
  const agent = await logIn(page, "agent15000");
  await page.getByTestId("inject-to").fill("15000");
  await page.getByTestId("inject-button").click();
  await card(agent, "Ringing").getByTestId("op-Answer").click();
  await card(agent, "Established").waitFor();
  const call = agent.getByTestId("call");
  assert.equal(await call.getByTestId("call-recording").isVisible(), false);
  assert.equal(await call.getByTestId("call-recording-ops").isVisible(), false);
  assert.equal(await call.getAttribute("data-recording-state"), "");
  assert.deepEqual(pageErrors, []);
});
