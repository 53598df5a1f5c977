// An agent desktop's start-up on the official CometD client, against the default sandbox
// (no configuration): /me with every subresource, the agent-state menu, the handshake, the
// session, the channels, every menu state, DND for all channels (docs/desktop-fidelity.md).
import { test } from "node:test";
import assert from "node:assert/strict";
import { startServer, GwsAgent, Inbox } from "./harness.mjs";
import { connectCometD } from "./cometd_session.mjs";

test("a desktop starts up: me?subresources=*, agent-states, handshake, session, channels, menu states, DND", { timeout: 30000 }, async (t) => {
  const server = await startServer();
  t.after(() => server.stop());
  const agent = new GwsAgent(server.url, "agent15000");

  const me = await agent.get("/api/v2/me?subresources=*");
  assert.equal(me.status, 200);
  const user = me.json.user;
  // The subresources sit inside user, in the captured order, between "enabled" and "uri".
  assert.deepEqual(Object.keys(user), ["id", "userName", "password", "firstName", "lastName", "emailAddress",
    "roles", "enabled", "devices", "skills", "channels", "channelStates", "interactions", "chats", "settings",
    "calls", "changePasswordOnFirstLogin", "groups", "features", "contactCenterId", "uri", "path"]);
  // The voice channel, as /v2/me/channels reports it; its DND key is dndState (devices keep doNotDisturb).
  assert.deepEqual(user.channels.map((c) => [c.channel, c.userState.displayName, c.dndState]),
    [["voice", "Logged Out", "Off"]]);
  assert.deepEqual(user.settings, { htcc: { roles: "agent" } });
  // api-voice-recording only when configured (docs/api.md, "Call recording").
  assert.deepEqual(user.features.map((f) => f.id), ["api-voice", "api-supervisor-monitoring"]);
  const device = user.devices[0];
  assert.deepEqual(device.channels, ["voice"]);
  // Logged out: a documented state value (NotReady), told apart by its displayName.
  assert.deepEqual([device.userState.state, device.userState.displayName], ["NotReady", "Logged Out"]);

  // Every URI the resource carries answers a GET.
  for (const uri of [user.uri, device.voiceEnvironmentUri, ...user.features.map((f) => f.uri),
    `${server.url}/api/v2/devices/${device.id}`]) {
    const got = await agent.get(new URL(uri).pathname);
    assert.equal(got.status, 200, uri);
    assert.equal(got.json.statusCode, 0, uri);
  }

  const menu = await agent.get("/api/v2/settings/agent-states");
  assert.equal(menu.status, 200);
  assert.deepEqual(Object.keys(menu.json), ["settings", "statusCode"]);
  const states = menu.json.settings;
  assert.ok(Array.isArray(states) && states.every((s) => s.displayName && s.operationName));
  const lunch = states.find((s) => s.operationName === "OutToLunch");
  assert.deepEqual([lunch.displayName, lunch.reason, lunch.workMode], ["Out to Lunch", "Lunch", "AuxWork"]);

  const inbox = new Inbox();
  const cometd = await connectCometD(server.url, agent, inbox);
  t.after(() => new Promise((resolve) => cometd.disconnect(() => resolve())));
  /** The first message after `from` that satisfies pred. */
  const after = (from, pred, what) => inbox.waitFor((m) => inbox.messages.indexOf(m) >= from && pred(m), what);
  const channelMessage = (displayName) => (m) => m.channel === "/v2/me/channels" &&
    m.messageType === "ChannelStateChangeMessageV2" && m.channels[0].userState.displayName === displayName;

  let from = inbox.messages.length;
  const start = await agent.post("/api/v2/me", { operationName: "StartContactCenterSession", channels: ["voice"] });
  assert.deepEqual(start.json, { statusCode: 0 });
  await after(from, channelMessage("Not Ready"), "the voice channel Not Ready");

  // GET shows the voice channel the notification showed (a client seeds its table from it).
  const notified = inbox.messages.filter((m) => m.channel === "/v2/me/channels").at(-1).channels[0];
  const channels = await agent.get("/api/v2/me/channels");
  assert.deepEqual(channels.json, { statusCode: 0, channels: [notified] });
  const voice = await agent.get("/api/v2/me/channels/voice");
  assert.deepEqual(voice.json.channel, notified);
  assert.equal(voice.json.channel.userState.displayName, "Not Ready");

  // Every menu entry, as the HTCC Sample does it: POST its operationName, then find the
  // current entry by userState.displayName.
  for (const entry of states) {
    from = inbox.messages.length;
    const posted = await agent.post("/api/v2/me/channels/voice", { operationName: entry.operationName });
    assert.deepEqual(posted.json, { statusCode: 0 }, entry.operationName);
    const deviceMessage = await after(from, (m) => m.messageType === "DeviceStateChangeMessage", entry.operationName);
    const shown = deviceMessage.devices[0].userState;
    assert.equal(states.find((s) => s.displayName === shown.displayName), entry, entry.operationName);
    assert.equal(shown.reason, entry.reason);
    assert.equal(shown.workMode, entry.workMode);
    const channel = await after(from, channelMessage(entry.displayName), `${entry.operationName} on /v2/me/channels`);
    assert.deepEqual(channel.channels[0].userState, shown);
  }

  from = inbox.messages.length;
  const dndOn = await agent.post("/api/v2/me", { operationName: "DoNotDisturbOn" });
  assert.deepEqual(dndOn.json, { statusCode: 0 });
  const dnd = await after(from, (m) => m.messageType === "DeviceStateChangeMessage", "DND on");
  assert.equal(dnd.devices[0].doNotDisturb, "On");
  assert.ok(dnd.devices[0].capabilities.includes("DoNotDisturbOff"));
  const dndChannel = await after(from, (m) => m.channel === "/v2/me/channels", "DND on the channel");
  assert.equal(dndChannel.channels[0].dndState, "On");
  assert.equal(dndChannel.channels[0].doNotDisturb, undefined);
  const dndOff = await agent.post("/api/v2/me", { operationName: "DoNotDisturbOff" });
  assert.deepEqual(dndOff.json, { statusCode: 0 });
});
