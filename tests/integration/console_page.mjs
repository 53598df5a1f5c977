// The web console in Debian's headless Chromium (playwright-core): open it at a
// URL in a fresh profile, log agents in through its login box. console.test.mjs
// drives it against a started binary, tests/container/docker.test.mjs against
// the image under docker.
import assert from "node:assert/strict";
import { chromiumPath, launchChromium, skipWithoutChromium } from "./chromium.mjs";

export { chromiumPath };
export const stepTimeout = 10000;
/** A test's `skip` option: a reason when there is no Chromium to drive. */
export const noChromium = skipWithoutChromium;

/** A fresh headless Chromium on url + "/", closed after the test: {page, pageErrors}. */
export async function openConsolePage(t, url) {
  const context = await launchChromium(t, { viewport: { width: 1600, height: 900 } });
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
