// node:test (Node 18+): `CTISIM_BIN=/path/to/ctisim node --test`
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { startCtisim } from "@ctisim/fixture";

let sim;
before(async () => { sim = await startCtisim({ config: { seed: 7 } }); });
after(() => sim.stop());
beforeEach(() => sim.reset());

test("the desktop shows a ringing call and answers it", async () => {
  const agent = await sim.agent("agent15000");
  await agent.me("StartContactCenterSession", { channels: ["voice"] });
  const { connId } = await sim.injectCall({ from: "+15551234", to: "15000" });
  const { call } = await agent.waitForNotification((n) => n.call?.state === "Ringing");
  await agent.callOperation(call.id, "Answer");
  await sim.waitFor({ connId, event: "EventEstablished" });
  await sim.remoteParty.hangup("+15551234", { connId });
  await agent.waitForNotification((n) => n.call?.state === "Released");
});
