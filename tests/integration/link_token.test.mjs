// The switch link's shared secret (docs/switch-protocol.md "The link token"):
// a front end with the switch's token links, one without it or with another
// is refused, and both processes say why.
import { test } from "node:test";
import assert from "node:assert/strict";
import { once } from "node:events";
import { spawn } from "node:child_process";
import { ctisimBin, spawnUntil, startServer } from "./harness.mjs";

/** `ctisim serve --backend ...` that must fail: resolves with its exit code and stderr. */
async function refusedFrontEnd(args, env = {}) {
  const child = spawn(ctisimBin, ["serve", "--port", "0", "--connect-timeout-ms", "20000", ...args],
    { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...env } });
  let stderr = "";
  child.stderr.on("data", (d) => { stderr += d; });
  const began = Date.now();
  const [code] = await once(child, "exit");
  return { code, stderr, ms: Date.now() - began };
}

test("a switch with --link-token links front ends that send it and refuses the others", { timeout: 60000 }, async (t) => {
  const { child: sw, match: port, output: switchOutput } = await spawnUntil(ctisimBin,
    ["switch", "--listen", "127.0.0.1:0", "--log-level", "warn"], /listening on tcp:\/\/127\.0\.0\.1:(\d+)/,
    "ctisim switch", { CTISIM_LINK_TOKEN: "s3cret" });
  t.after(async () => { sw.kill("SIGTERM"); await once(sw, "exit"); });
  const backend = ["--backend", `tcp://127.0.0.1:${port}`];

  const wrong = await refusedFrontEnd([...backend, "--link-token", "guess"]);
  assert.equal(wrong.code, 1);
  assert.match(wrong.stderr, /ctisim: the switch at tcp:\/\/127\.0\.0\.1:\d+ refused this front end: wrong link token/);
  assert.ok(wrong.ms < 10000, `refused at once, not after the 20 s connect timeout (${wrong.ms} ms)`);

  const missing = await refusedFrontEnd(backend);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /refused this front end: this switch needs a link token \(--link-token or CTISIM_LINK_TOKEN\)/);
  assert.match(switchOutput(), /refused a front end: a wrong link token/);
  assert.match(switchOutput(), /refused a front end: no link token/);

  // The token from the environment, as the image takes it.
  process.env.CTISIM_LINK_TOKEN = "s3cret";
  let front;
  try {
    front = await startServer(backend);
  } finally {
    delete process.env.CTISIM_LINK_TOKEN;
  }
  t.after(() => front.stop());
  const state = await (await fetch(`${front.url}/sim/v1/state`)).json();
  assert.equal(state.statusCode, 0, "the front end reaches the switch");
});
