// A supervisor desktop's session on the official CometD client, against the default sandbox
// (no configuration): supervisor16000 logs in, listens in on agent15000, a customer's call
// reaches the agent, the supervisor is delivered the monitored call, then cancels
// (docs/desktop-fidelity.md §6).
import { test } from "node:test";
import assert from "node:assert/strict";
import { startServer, phoneNumbers } from "./harness.mjs";
import { FlowContext, supervisorSession } from "./flows.mjs";

test("a supervisor listens in on an agent: the agent's inbound call reaches the supervisor; Cancel", { timeout: 30000 }, async (t) => {
  const server = await startServer();
  t.after(() => server.stop());
  const ctx = new FlowContext(server.url);
  t.after(() => ctx.close());

  // A customer calls the agent (the control API), who answers.
  const caller = {
    async call(dn) {
      const inbound = await fetch(server.url + "/sim/v1/calls", {
        method: "POST", body: JSON.stringify({ from: "+14155550100", to: dn }),
      });
      assert.equal(inbound.status, 200);
    },
  };
  // The flow (flows.mjs) checks what holds in any configuration; the default configuration's values here.
  const { supervisor, set, monitored, flagged, cancelled } = await supervisorSession(ctx, caller);
  assert.deepEqual(supervisor.me.roles, ["ROLE_AGENT", "ROLE_SUPERVISOR"]);
  assert.equal(supervisor.device.phoneNumber, "16000");
  assert.deepEqual(supervisor.device.capabilities.slice(2), ["ListenIn", "Coach", "BargeIn"]);
  assert.equal(Object.keys(set.devices[0]).at(-1), "supervisorMonitoringState");
  assert.equal(monitored.phoneNumber, "16000");
  assert.deepEqual(phoneNumbers(monitored.call).sort(), ["+14155550100", "15000"]);
  assert.equal("monitoring" in monitored.call, false);
  assert.deepEqual(phoneNumbers(flagged.call), ["+14155550100"]); // listening silently
  assert.deepEqual(cancelled.devices[0].capabilities.slice(2), ["ListenIn", "Coach", "BargeIn"]);
});
