// The web console in Debian's headless Chromium (playwright-core): open it at a
// URL in a fresh profile, log agents in through its login box. console.test.mjs
// drives it against a started binary, tests/container/docker.test.mjs against
// the image under docker.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";

export const chromiumPath = process.env.CHROMIUM_BIN ?? "/usr/bin/chromium";
export const stepTimeout = 10000;
/** A test's `skip` option: a reason when there is no Chromium to drive. */
export const noChromium = existsSync(chromiumPath) ? false : `no Chromium at ${chromiumPath} (apt-get install chromium)`;

/** A fresh headless Chromium on url + "/", closed after the test: {page, pageErrors}. */
export async function openConsolePage(t, url) {
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
  const response = await page.goto(url + "/");
  assert.equal(response.status(), 200);
  return { page, pageErrors };
}

/** Logs an agent in through the console's login box; resolves with its panel. */
export async function logIn(page, user) {
  await page.getByTestId("login-user").fill(user);
  await page.getByTestId("login-password").fill("password");
  await page.getByTestId("login-button").click();
  const panel = page.locator(`[data-testid="agent-panel"][data-user="${user}"]`);
  await panel.waitFor();
  await panel.getByTestId("agent-dn").filter({ hasText: /\d/ }).waitFor();
  await panel.getByTestId("agent-cometd").filter({ hasText: "connected" }).waitFor();
  return panel;
}
