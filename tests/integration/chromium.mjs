// Debian's headless Chromium for the browser tests (console, CORS), through
// playwright-core: a fresh profile per context, removed when the test ends.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";

export const chromiumPath = process.env.CHROMIUM_BIN ?? "/usr/bin/chromium";

/** The `skip` option of a browser test: false, or why it cannot run here. */
export const skipWithoutChromium = existsSync(chromiumPath) ? false : `no Chromium at ${chromiumPath} (apt-get install chromium)`;

/** A headless Chromium context with a fresh profile, closed (and its profile removed) after test t. */
export async function launchChromium(t, options = {}) {
  // playwright wants the profile as launchPersistentContext's argument rather than a --user-data-dir flag.
  const profile = mkdtempSync(path.join(os.tmpdir(), "ctisim-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    ...options,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  t.after(async () => {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  });
  return context;
}
