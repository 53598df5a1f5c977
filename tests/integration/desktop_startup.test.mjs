// An agent desktop's start-up on the official CometD client, against the default sandbox
// (no configuration): /me with every subresource, the agent-state menu, the handshake, the
// session, the channels, every menu state, DND for all channels (docs/desktop-fidelity.md).
import { test } from "node:test";
import assert from "node:assert/strict";
import { startServer } from "./harness.mjs";
import { FlowContext, desktopStartup } from "./flows.mjs";

test("a desktop starts up: me?subresources=*, agent-states, handshake, session, channels, menu states, DND", { timeout: 30000 }, async (t) => {
  const server = await startServer();
  t.after(() => server.stop());
  const ctx = new FlowContext(server.url);
  t.after(() => ctx.close());

  // The flow (flows.mjs) checks what holds in any configuration; the default configuration's values here.
  const { me: user, states } = await desktopStartup(ctx);
  // The subresources sit inside user, in the captured order, between "enabled" and "uri".
  assert.deepEqual(Object.keys(user), ["id", "userName", "password", "firstName", "lastName", "emailAddress",
    "roles", "enabled", "devices", "skills", "channels", "channelStates", "interactions", "chats", "settings",
    "calls", "changePasswordOnFirstLogin", "groups", "features", "contactCenterId", "uri", "path"]);
  assert.deepEqual(user.channels, []); // voice lives on the devices
  assert.deepEqual(user.settings, { htcc: { roles: "agent" } });
  // api-voice-recording only when configured (docs/api.md, "Call recording").
  assert.deepEqual(user.features.map((f) => f.id), ["api-voice", "api-supervisor-monitoring"]);
  const device = user.devices[0];
  assert.deepEqual(device.channels, ["voice"]);
  assert.equal(device.userState.state, "LoggedOut");
  const lunch = states.find((s) => s.operationName === "OutToLunch");
  assert.deepEqual([lunch.displayName, lunch.reason, lunch.workMode], ["Out to Lunch", "Lunch", "AuxWork"]);
});
