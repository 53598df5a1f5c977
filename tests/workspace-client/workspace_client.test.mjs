// Genesys' official Workspace API v3 client (genesys-workspace-client-js 9.0.1,
// pinned in package-lock.json) runs its flow against ctisim's embedded sandbox
// (flow.mjs). With CTISIM_V3_URL and CTISIM_V3_PROFILE=agent-api-simulator the
// same steps run against an Agent API Simulator started by hand instead.
import { after, before, test } from "node:test";
import { newContext, steps } from "./flow.mjs";
import { startServer } from "../integration/harness.mjs";

const external = process.env.CTISIM_V3_URL;
let server;
let ctx;

before(async () => {
  if (!external) server = await startServer();
  ctx = newContext({ url: external ?? server.url, profile: process.env.CTISIM_V3_PROFILE ?? "ctisim" });
});

after(async () => {
  if (server) await server.stop();
  // After a failed step the library's CometD clients may still be polling: then
  // the process ends 2 s after the last test (the timer keeps nothing alive itself).
  setTimeout(() => process.exit(), 2000).unref();
});

for (const [name, run] of steps) test(name, () => run(ctx));
