// Vitest: `npx vitest run`
import { describe, test, expect, beforeAll, afterAll, beforeEach } from "vitest";
import { startCtisim } from "@ctisim/fixture";

describe("CRM connector screen-pop", () => {
  let sim;
  beforeAll(async () => { sim = await startCtisim(); });
  afterAll(() => sim.stop());
  beforeEach(() => sim.reset());

  test("user data reaches the agent with the ringing call", async () => {
    const agent = await sim.agent("agent15000");
    await agent.me("StartContactCenterSession", { channels: ["voice"] });
    await sim.injectCall({ from: "+15551234", to: "15000", userData: { AccountNumber: "12345" } });
    const { call } = await agent.waitForNotification((n) => n.call?.state === "Ringing");
    expect(call.userData).toEqual({ AccountNumber: "12345" });
  });
});
