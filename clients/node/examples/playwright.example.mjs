// Playwright Test: a browser desktop against ctisim. `npx playwright test`
// The fixture starts one ctisim per worker; each test resets it.
import { test as base, expect } from "@playwright/test";
import { startCtisim } from "@ctisim/fixture";

const test = base.extend({
  sim: [async ({}, use) => {
    const sim = await startCtisim();
    await use(sim);
    await sim.stop();
  }, { scope: "worker" }],
});

test.beforeEach(({ sim }) => sim.reset());

test("the desktop shows the caller of an inbound call", async ({ page, sim }) => {
  // Your desktop, pointed at the sandbox (GWS base URL = sim.baseUrl). ctisim's own
  // console (at /) stands in for it here.
  await page.goto(sim.baseUrl + "/");
  await page.getByTestId("login-user").fill("agent15000");
  await page.getByTestId("login-password").fill("password");
  await page.getByTestId("login-button").click();
  await sim.waitFor({ dn: "15000", request: "RequestAgentLogin" });
  await sim.injectCall({ from: "+15551234", to: "15000" });
  await expect(page.getByText("+15551234")).toBeVisible();
});
