// Jest (ESM: `NODE_OPTIONS=--experimental-vm-modules npx jest`) or Vitest
// (`npx vitest run`: the same file, with `import { ... } from "vitest"` for the globals).
import { startCtisim } from "@ctisim/fixture";

let sim;
beforeAll(async () => { sim = await startCtisim({ image: "localhost/ctisim:latest" }); }, 30000);
afterAll(() => sim.stop());
beforeEach(() => sim.reset({ clock: { virtual: true } }));

test("an unanswered call is released after the no-answer time-out", async () => {
  await sim.setBehaviour("15002", { behaviour: "noAnswer", answerDelayMs: 20000 });
  const { connId } = await sim.injectCall({ from: "+15551234", to: "15002" });
  await sim.waitFor({ connId, event: "EventRinging" });
  await sim.clock.advance(20000); // virtual time: no 20 s wait
  const released = await sim.waitFor({ connId, event: "EventReleased" });
  expect(released.kind).toBe("event");
});
