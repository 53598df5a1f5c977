// The sandbox web console end to end in Debian's headless Chromium, driven by
// playwright-core: log an agent in, inject an inbound call from the control
// panel, see it ring, answer it, single-step conference a third DN, see the
// participants change, hang up. Every state is asserted on the DOM and kept as
// a screenshot in tests/artifacts/console/.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { startServer } from "./harness.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const artifacts = path.join(here, "../artifacts/console");
const chromiumPath = process.env.CHROMIUM_BIN ?? "/usr/bin/chromium";
const stepTimeout = 10000;

/** Starts a server and a fresh headless Chromium; both are stopped after the test. */
async function openConsole(t) {
  mkdirSync(artifacts, { recursive: true });
  const server = await startServer();
  t.after(() => server.stop());
  // A fresh profile every run; playwright wants it as launchPersistentContext's
  // argument rather than a --user-data-dir flag.
  const profile = mkdtempSync(path.join(os.tmpdir(), "ctisim-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    viewport: { width: 1600, height: 900 },
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  t.after(async () => {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  });
  const page = context.pages()[0] ?? await context.newPage();
  page.setDefaultTimeout(stepTimeout);
  const pageErrors = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));
  page.on("console", (m) => { if (m.type() === "error") pageErrors.push(m.text()); });
  const response = await page.goto(server.url + "/");
  assert.equal(response.status(), 200);
  return { server, page, pageErrors };
}

/** Logs an agent in through the console's login box; resolves with its panel. */
async function logIn(page, user) {
  await page.getByTestId("login-user").fill(user);
  await page.getByTestId("login-password").fill("password");
  await page.getByTestId("login-button").click();
  const panel = page.locator(`[data-testid="agent-panel"][data-user="${user}"]`);
  await panel.waitFor();
  await panel.getByTestId("agent-dn").filter({ hasText: /\d/ }).waitFor();
  await panel.getByTestId("agent-cometd").filter({ hasText: "connected" }).waitFor();
  return panel;
}

const skip = existsSync(chromiumPath) ? false : `no Chromium at ${chromiumPath} (apt-get install chromium)`;

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

  assert.deepEqual(pageErrors, []);
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
  assert.deepEqual(pageErrors, []);
});
