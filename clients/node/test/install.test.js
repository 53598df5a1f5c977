// `meson install --destdir DIR` (CTISIM_INSTALLED_BIN=DIR/PREFIX/bin/ctisim): the
// installed program finds its console relative to its prefix, and the
// documentation it names is installed beside it. .ci/test sets the variable.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { startCtisim } from "../src/index.js";

const installed = process.env.CTISIM_INSTALLED_BIN;

test("the installed program serves its console and its OpenAPI document", { skip: !installed && "CTISIM_INSTALLED_BIN is not set (meson install --destdir DIR first)" }, async () => {
  const prefix = path.resolve(path.dirname(installed), "..");
  assert.ok(existsSync(path.join(prefix, "share/ctisim/console/index.html")));
  for (const doc of ["README.md", "ci-fixture.md", "control-api.md", "switch-protocol.md", "openapi/sim-v1.json"])
    assert.ok(existsSync(path.join(prefix, "share/doc/ctisim", doc)), `share/doc/ctisim/${doc} is installed`);
  const sim = await startCtisim({ binary: installed, env: { CTISIM_CONSOLE_DIR: "" } });
  try {
    const page = await fetch(`${sim.baseUrl}/`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /data-testid="login-button"/);
    const served = await (await fetch(`${sim.baseUrl}/sim/v1/openapi.json`)).text();
    assert.equal(served, readFileSync(path.join(prefix, "share/doc/ctisim/openapi/sim-v1.json"), "utf8"));
  } finally {
    assert.equal(await sim.stop(), 0);
  }
});
