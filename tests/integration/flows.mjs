// The client flows of the integration tests, each written once: what a GWS desktop does, on the
// official CometD client, with the checks that hold whatever the server's configuration. The tests
// of one flow (cometd_client, desktop_startup, supervisor_session) run them against a sandbox and
// add what the default configuration shows; round_trip.test.mjs runs every one of them through
// `ctisim record --upstream` and replays the recording.
import assert from "node:assert/strict";
import { GwsAgent, Inbox, callMessage } from "./harness.mjs";
import { connectCometD } from "./cometd_session.mjs";

/** The default configuration's users, by the part they play in the flows. */
export const defaultCast = { agent: "agent15000", agent2: "agent15001", agent3: "agent15002", supervisor: "supervisor16000" };

/**
 * One run of flows against url: its desktops, and steps. A step sends a request, waits for the
 * notifications the flow expects from it (only those that came after the request) and, with
 * quietMs, until nothing more came for that long, so that a recording proxy sees every
 * notification of a step before the next request (docs/recording.md, Limits).
 */
export class FlowContext {
  constructor(url, { cast = defaultCast, quietMs = 0, ownBrowser = false } = {}) {
    this.url = url;
    this.cast = cast;
    this.quietMs = quietMs;
    this.ownBrowser = ownBrowser;
    this.desktops = [];
  }

  /** A user's HTTP client (Basic, then its JSESSIONID), by its part in the cast. */
  user(part) {
    return new GwsAgent(this.url, this.cast[part] ?? part);
  }

  /** user's CometD session, subscribed to /v2/me/*: its inbox. */
  async connect(user) {
    const inbox = new Inbox();
    inbox.mark = 0;
    const cometd = await connectCometD(this.url, user, inbox, { ownBrowser: this.ownBrowser });
    this.desktops.push({ cometd, inbox });
    return inbox;
  }

  /** Waits for the first message of inbox since the current step began that satisfies pred. */
  next(inbox, pred, what) {
    const from = inbox.mark;
    return inbox.waitFor((m) => inbox.messages.indexOf(m) >= from && pred(m), what);
  }

  /** Runs action, then waits for each [inbox, pred, what] since it began; the action's result. */
  async step(action, ...expected) {
    for (const { inbox } of this.desktops) inbox.mark = inbox.messages.length;
    const result = await action();
    const found = await Promise.all(expected.map(([inbox, pred, what]) => this.next(inbox, pred, what)));
    await this.settle();
    return expected.length ? [result, ...found] : result;
  }

  /** Resolves once no inbox received anything for quietMs. */
  async settle() {
    if (!this.quietMs) return;
    let last = -1;
    for (;;) {
      const count = this.desktops.reduce((n, d) => n + d.inbox.messages.length, 0);
      if (count === last) return;
      last = count;
      await new Promise((resolve) => setTimeout(resolve, this.quietMs));
    }
  }

  async close() {
    for (const { cometd } of this.desktops.splice(0))
      await new Promise((resolve) => cometd.disconnect(() => resolve()));
  }
}

const deviceMessage = (m) => m.messageType === "DeviceStateChangeMessage";

/**
 * What a desktop does first: GET /me with every subresource, the agent-state menu (unless
 * readMenu is false), a CometD session, StartContactCenterSession.
 */
/** A logged-out agent's userState: ctisim's shows NotReady with its own id (docs/api.md); older servers "LoggedOut". */
const loggedOut = (userState) => userState?.id === "7B4A1C1E-3F4B-4E0A-9B1D-6C2D8E5F7A90" || userState?.state === "LoggedOut";

export async function logIn(ctx, part, { readMenu = true } = {}) {
  const user = ctx.user(part);
  const me = await ctx.step(() => user.get("/api/v2/me?subresources=*"));
  assert.equal(me.status, 200, `${user.userName}: ${me.text}`);
  if (readMenu) assert.equal((await ctx.step(() => user.get("/api/v2/settings/agent-states"))).status, 200);
  const inbox = await ctx.connect(user);
  const device = me.json.user.devices[0];
  // An agent the configuration logged in already gets no login notification.
  const loggedIn = !loggedOut(device.userState) ? [] : [[inbox, deviceMessage, `${user.userName} logged in`]];
  const started = await ctx.step(() => user.post("/api/v2/me", { operationName: "StartContactCenterSession", channels: ["voice"] }),
    ...loggedIn);
  const start = loggedIn.length ? started[0] : started;
  assert.deepEqual(start.json, { statusCode: 0 }, user.userName);
  return { user, inbox, me: me.json.user, device, dn: device.phoneNumber };
}

/** The agent is Ready. */
export async function ready(ctx, desktop) {
  const [posted] = await ctx.step(() => desktop.user.post("/api/v2/me/channels/voice", { operationName: "Ready" }),
    [desktop.inbox, (m) => deviceMessage(m) && m.devices[0].userState.state === "Ready", "Ready"]);
  assert.deepEqual(posted.json, { statusCode: 0 });
}

/**
 * The official client's seed path: GET /me with every subresource, the agent-state menu, the handshake, the session,
 * Dial 15001 (nobody logged in there: it answers at once), SingleStepConference 15002, Hangup.
 */
export async function seedPath(ctx) {
  const agent = ctx.user("agent");
  const me = await ctx.step(() => agent.get("/api/v2/me?subresources=*"));
  assert.equal(me.status, 200);
  assert.equal(me.json.user.userName, agent.userName);
  assert.ok(agent.cookies.get("JSESSIONID"), "GET /me sets JSESSIONID");
  assert.equal((await ctx.step(() => agent.get("/api/v2/settings/agent-states"))).status, 200);
  const inbox = await ctx.connect(agent);

  const [start, login] = await ctx.step(() => agent.post("/api/v2/me", { operationName: "StartContactCenterSession", channels: ["voice"] }),
    [inbox, deviceMessage, "a device state message"]);
  assert.deepEqual(start.json, { statusCode: 0 });
  assert.equal(login.channel, "/v2/me/devices");
  const devices = await ctx.step(() => agent.get("/api/v2/me/devices?fields=*"));
  const deviceId = devices.json.devices[0].id;

  const [dial, dialing, established] = await ctx.step(() => agent.post(`/api/v2/me/devices/${deviceId}/calls`,
    { operationName: "Dial", destination: { phoneNumber: "15001" } }),
  [inbox, callMessage("StatusChange", "Dialing"), "Dialing"], [inbox, callMessage("StatusChange", "Established"), "Established"]);
  assert.deepEqual(dial.json, { statusCode: 0 });
  const callId = dialing.call.id;
  assert.equal(established.call.id, callId);

  const [ssc, updated] = await ctx.step(() => agent.post(`/api/v2/me/calls/${callId}`,
    { operationName: "SingleStepConference", destination: { phoneNumber: "15002" } }),
  [inbox, callMessage("ParticipantsUpdated", "Established"), "ParticipantsUpdated"]);
  assert.deepEqual(ssc.json, { statusCode: 0 });

  const [hangup, released] = await ctx.step(() => agent.post(`/api/v2/me/calls/${callId}`, { operationName: "Hangup" }),
    [inbox, callMessage("StatusChange", "Released"), "Released"]);
  assert.deepEqual(hangup.json, { statusCode: 0 });
  const calls = await ctx.step(() => agent.get("/api/v2/me/calls"));
  assert.deepEqual(calls.json, { statusCode: 0, uris: [] });
  return { me: me.json.user, login, dialing, established, updated, released };
}

/**
 * A desktop's start-up: /me with every subresource, every URI it names, the agent-state menu,
 * the handshake, the session, the channels, every menu state in turn, DND on and off.
 */
export async function desktopStartup(ctx) {
  const agent = ctx.user("agent");
  const me = await ctx.step(() => agent.get("/api/v2/me?subresources=*"));
  assert.equal(me.status, 200);
  const user = me.json.user;
  const device = user.devices[0];
  for (const uri of [user.uri, device.voiceEnvironmentUri, ...user.features.map((f) => f.uri),
    `${ctx.url}/api/v2/devices/${device.id}`]) {
    const got = await ctx.step(() => agent.get(new URL(uri).pathname));
    assert.equal(got.status, 200, uri);
    assert.equal(got.json.statusCode, 0, uri);
  }
  const menu = await ctx.step(() => agent.get("/api/v2/settings/agent-states"));
  assert.equal(menu.status, 200);
  const states = menu.json.settings;
  assert.ok(Array.isArray(states) && states.every((s) => s.displayName && s.operationName));

  const inbox = await ctx.connect(agent);
  const channelMessage = (displayName) => (m) => m.channel === "/v2/me/channels" &&
    m.messageType === "ChannelStateChangeMessageV2" && m.channels[0].userState.displayName === displayName;
  const notReady = states.find((s) => s.operationName === "NotReady")?.displayName ?? "Not Ready";
  const [start] = await ctx.step(() => agent.post("/api/v2/me", { operationName: "StartContactCenterSession", channels: ["voice"] }),
    [inbox, channelMessage(notReady), "the voice channel Not Ready"]);
  assert.deepEqual(start.json, { statusCode: 0 });
  // GET shows the voice channel the notification showed (a client seeds its table from it).
  const notified = inbox.messages.filter((m) => m.channel === "/v2/me/channels").at(-1).channels[0];
  const channels = await ctx.step(() => agent.get("/api/v2/me/channels"));
  assert.deepEqual(channels.json, { statusCode: 0, channels: [notified] });
  const voice = await ctx.step(() => agent.get("/api/v2/me/channels/voice"));
  assert.deepEqual(voice.json.channel, notified);
  assert.equal(voice.json.channel.userState.displayName, notReady);

  // Every menu entry, as the HTCC Sample does it: POST its operationName, then find the current
  // entry by userState.displayName.
  for (const entry of states) {
    const [posted, shownOn, channel] = await ctx.step(() => agent.post("/api/v2/me/channels/voice", { operationName: entry.operationName }),
      [inbox, deviceMessage, entry.operationName],
      [inbox, channelMessage(entry.displayName), `${entry.operationName} on /v2/me/channels`]);
    assert.deepEqual(posted.json, { statusCode: 0 }, entry.operationName);
    const shown = shownOn.devices[0].userState;
    assert.equal(states.find((s) => s.displayName === shown.displayName), entry, entry.operationName);
    assert.equal(shown.reason, entry.reason);
    assert.equal(shown.workMode, entry.workMode);
    assert.deepEqual(channel.channels[0].userState, shown);
  }

  const [dndOn, dnd, dndChannel] = await ctx.step(() => agent.post("/api/v2/me", { operationName: "DoNotDisturbOn" }),
    [inbox, deviceMessage, "DND on"], [inbox, (m) => m.channel === "/v2/me/channels", "DND on the channel"]);
  assert.deepEqual(dndOn.json, { statusCode: 0 });
  assert.equal(dnd.devices[0].doNotDisturb, "On");
  assert.ok(dnd.devices[0].capabilities.includes("DoNotDisturbOff"));
  // The channel's DND key is dndState (the 8.5.0 channel sample, the HTCC sample's Channel.m); devices keep doNotDisturb.
  assert.equal(dndChannel.channels[0].dndState, "On");
  assert.equal(dndChannel.channels[0].doNotDisturb, undefined);
  const [dndOff] = await ctx.step(() => agent.post("/api/v2/me", { operationName: "DoNotDisturbOff" }),
    [inbox, deviceMessage, "DND off"]);
  assert.deepEqual(dndOff.json, { statusCode: 0 });
  return { me: user, states };
}

/**
 * A supervisor's session: the supervisor and an agent log in, the agent is Ready and may not
 * supervise; the supervisor listens in on the agent; caller.call(dn) makes a customer's call reach
 * the agent, who answers; the supervisor is delivered the monitored call, then cancels.
 * caller.logIn, if any, runs after the supervisor's and the agent's start-up.
 */
export async function supervisorSession(ctx, caller) {
  const supervisor = await logIn(ctx, "supervisor");
  assert.ok(supervisor.me.roles.includes("ROLE_SUPERVISOR"));
  assert.ok(supervisor.device.capabilities.includes("ListenIn"));
  const agent = await logIn(ctx, "agent");
  await ready(ctx, agent);
  await caller.logIn?.();

  const refused = await ctx.step(() => agent.user.post(`/api/v2/me/devices/${agent.device.id}`,
    { operationName: "ListenIn", targetDeviceUri: supervisor.device.id }));
  assert.equal(refused.status, 403);
  assert.equal(refused.json.statusCode, 5);

  const targetDeviceUri = `${ctx.url}/api/v2/devices/${agent.device.id}`;
  const [listen, set] = await ctx.step(() => supervisor.user.post(`/api/v2/me/devices/${supervisor.device.id}`,
    { operationName: "ListenIn", targetDeviceUri }),
  [supervisor.inbox, (m) => deviceMessage(m) && m.devices[0].supervisorMonitoringState, "supervisorMonitoringState"]);
  assert.deepEqual(listen.json, { statusCode: 0 });
  assert.deepEqual(set.devices[0].supervisorMonitoringState, { state: "ListenIn", mode: "AllCalls", scope: "Call", targetDeviceUri });
  assert.ok(set.devices[0].capabilities.includes("CancelSupervisorMonitoring"));

  const [, ringing] = await ctx.step(() => caller.call(agent.dn),
    [agent.inbox, callMessage("StatusChange", "Ringing"), "the agent's call ringing"]);
  const callId = ringing.call.id;
  const [answer, monitored, flagged] = await ctx.step(() => agent.user.post(`/api/v2/me/calls/${callId}`, { operationName: "Answer" }),
    [supervisor.inbox, callMessage("StatusChange", "Established"), "the monitored call on the supervisor's desktop"],
    [agent.inbox, (m) => m.messageType === "CallStateChangeMessage" && m.call.supervisorListeningIn === true,
      "supervisorListeningIn on the agent's call"]);
  assert.deepEqual(answer.json, { statusCode: 0 });
  assert.equal(monitored.call.id, callId); // the same call (T-Server: the same ConnID)
  assert.equal(monitored.phoneNumber, supervisor.dn);
  assert.equal(monitored.call.mute, "On");
  assert.ok(monitored.call.capabilities.includes("SwitchToBargeIn"));

  const [cancel, cancelled] = await ctx.step(() => supervisor.user.post(`/api/v2/me/devices/${supervisor.device.id}`,
    { operationName: "CancelSupervisorMonitoring" }),
  [supervisor.inbox, deviceMessage, "monitoring cancelled"]);
  assert.deepEqual(cancel.json, { statusCode: 0 });
  assert.equal("supervisorMonitoringState" in cancelled.devices[0], false);
  return { supervisor, agent, callId, set, monitored, flagged, cancelled };
}

/** A caller for supervisorSession: another user (the part) who logs in and dials through GWS, not the control API. */
export function gwsCaller(ctx, part) {
  let desktop;
  return {
    logIn: async () => { desktop = await logIn(ctx, part); },
    call: (dn) => desktop.user.post(`/api/v2/me/devices/${desktop.device.id}/calls`,
      { operationName: "Dial", destination: { phoneNumber: dn } }),
  };
}

/** The agent dials an external number (it answers at once): the call's id. */
async function externalCall(ctx, agent, number) {
  const [dial, established] = await ctx.step(() => agent.user.post(`/api/v2/me/devices/${agent.device.id}/calls`,
    { operationName: "Dial", destination: { phoneNumber: number } }),
  [agent.inbox, callMessage("StatusChange", "Established"), "Established"]);
  assert.deepEqual(dial.json, { statusCode: 0 });
  return established.call.id;
}

async function hangUp(ctx, desktop, callId) {
  const [hangup] = await ctx.step(() => desktop.user.post(`/api/v2/me/calls/${callId}`, { operationName: "Hangup" }),
    [desktop.inbox, callMessage("StatusChange", "Released", (m) => m.call.id === callId), "Released"]);
  assert.deepEqual(hangup.json, { statusCode: 0 });
}

/** Recording (the api-voice-recording feature on): start, pause, resume, stop on an external call. */
export async function callRecording(ctx) {
  const agent = await logIn(ctx, "agent");
  assert.ok(agent.me.features.some((f) => f.id === "api-voice-recording"), "the recording feature is on");
  const callId = await externalCall(ctx, agent, "5551234");
  for (const operationName of ["StartCallRecording", "PauseCallRecording", "ResumeCallRecording", "StopCallRecording"]) {
    const [posted, changed] = await ctx.step(() => agent.user.post(`/api/v2/me/calls/${callId}`, { operationName }),
      [agent.inbox, (m) => m.messageType === "CallStateChangeMessage" && m.call.id === callId, operationName]);
    assert.deepEqual(posted.json, { statusCode: 0 }, operationName);
    assert.ok(changed.call.recordingState, operationName);
  }
  await hangUp(ctx, agent, callId);
}

/** Agent-state reasons: every NotReady entry of the menu with a reason, then Ready; the reason shows. */
export async function agentStateReasons(ctx) {
  const agent = await logIn(ctx, "agent");
  const menu = await ctx.step(() => agent.user.get("/api/v2/settings/agent-states"));
  const withReason = menu.json.settings.filter((s) => s.state === "NotReady" && s.reason);
  assert.ok(withReason.length > 0, "the menu has NotReady reasons");
  for (const entry of withReason) {
    const [posted, shown] = await ctx.step(() => agent.user.post("/api/v2/me/channels/voice", { operationName: entry.operationName }),
      [agent.inbox, (m) => deviceMessage(m) && m.devices[0].userState.reason === entry.reason, entry.operationName]);
    assert.deepEqual(posted.json, { statusCode: 0 });
    assert.equal(shown.devices[0].userState.displayName, entry.displayName);
    const voice = await ctx.step(() => agent.user.get("/api/v2/me/channels/voice"));
    assert.equal(voice.json.channel.userState.reason, entry.reason);
  }
  await ready(ctx, agent);
}

/** A consult and conference: an external call, InitiateConference to a second agent, who answers, CompleteConference, both hang up. */
export async function consultConference(ctx) {
  const agent = await logIn(ctx, "agent");
  const agent2 = await logIn(ctx, "agent2");
  const callId = await externalCall(ctx, agent, "5551234");
  const [initiated, dialing, ringing] = await ctx.step(() => agent.user.post(`/api/v2/me/calls/${callId}`,
    { operationName: "InitiateConference", destination: { phoneNumber: agent2.dn } }),
  [agent.inbox, callMessage("StatusChange", "Dialing"), "the consult call dialing"],
  [agent2.inbox, callMessage("StatusChange", "Ringing"), "the consult call ringing"]);
  assert.deepEqual(initiated.json, { statusCode: 0 });
  const consultId = dialing.call.id;
  const [answered] = await ctx.step(() => agent2.user.post(`/api/v2/me/calls/${ringing.call.id}`, { operationName: "Answer" }),
    [agent.inbox, callMessage("StatusChange", "Established", (m) => m.call.id === consultId), "the consult call established"],
    [agent2.inbox, callMessage("StatusChange", "Established"), "the second agent's consult established"]);
  assert.deepEqual(answered.json, { statusCode: 0 });
  const [completed] = await ctx.step(() => agent.user.post(`/api/v2/me/calls/${consultId}`, { operationName: "CompleteConference" }),
    [agent.inbox, callMessage("ParticipantsUpdated", undefined, (m) => m.call.id === callId), "the conference"],
    [agent2.inbox, (m) => m.messageType === "CallStateChangeMessage" && m.call.participants.length === 2, "the second agent in the conference"]);
  assert.deepEqual(completed.json, { statusCode: 0 });
  await hangUp(ctx, agent, callId);
  const left = agent2.inbox.messages.findLast((m) => m.messageType === "CallStateChangeMessage");
  await hangUp(ctx, agent2, left.call.id);
}

/** An inbound call through queue 7000: the agent is Ready, a second user dials the queue, the agent answers and hangs up. */
export async function inboundQueue(ctx) {
  const agent = await logIn(ctx, "agent");
  await ready(ctx, agent);
  const caller = await logIn(ctx, "agent2");
  const [dial, ringing] = await ctx.step(() => caller.user.post(`/api/v2/me/devices/${caller.device.id}/calls`,
    { operationName: "Dial", destination: { phoneNumber: "7000" } }),
  [agent.inbox, callMessage("StatusChange", "Ringing"), "the queue's call ringing at the agent"],
  [caller.inbox, callMessage("StatusChange", "Dialing"), "the caller dialing"]);
  assert.deepEqual(dial.json, { statusCode: 0 });
  const callId = ringing.call.id;
  const [answer] = await ctx.step(() => agent.user.post(`/api/v2/me/calls/${callId}`, { operationName: "Answer" }),
    [agent.inbox, callMessage("StatusChange", "Established"), "the agent's Established"],
    [caller.inbox, callMessage("StatusChange", "Established"), "the caller's Established"]);
  assert.deepEqual(answer.json, { statusCode: 0 });
  await ctx.step(() => agent.user.post(`/api/v2/me/calls/${callId}`, { operationName: "Hangup" }),
    [agent.inbox, callMessage("StatusChange", "Released"), "the agent's Released"],
    [caller.inbox, callMessage("StatusChange", "Released"), "the caller's Released"]);
  return { ringing };
}

/**
 * The HTCC sample's start-up (reference §13; scenarios/desktop/htcc_sample_startup.json) and a
 * supervisor finding the agents it may monitor: the agent loads its user, the target directory, the
 * disposition codes and its own groups, then starts its session; the supervisor lists the users,
 * every group with its members, the queues, one agent's device, and searches the directory.
 */
export async function directoryStartup(ctx) {
  const agent = ctx.user("agent");
  const me = (await ctx.step(() => agent.get("/api/v2/me?subresources=*"))).json.user;
  const contacts = await ctx.step(() => agent.get("/api/v2/contacts"));
  assert.equal(contacts.json.statusCode, 0, contacts.text);
  assert.ok(contacts.json.contacts.some((c) => c.type === "User" && c.id === me.id), "the agent is a contact");
  assert.ok(contacts.json.contacts.some((c) => c.type === "Queue"), "a queue is a contact");
  const attributes = await ctx.step(() => agent.get("/internal-api/business-attributes"));
  assert.equal(attributes.json.statusCode, 0, attributes.text);
  assert.ok(attributes.json.businessAttributes.length > 0);
  const own = await ctx.step(() => agent.get("/api/v2/groups?fields=*"));
  assert.equal(own.json.statusCode, 0, own.text);
  const inbox = await ctx.connect(agent);
  const [start] = await ctx.step(() => agent.post("/api/v2/me", { operationName: "StartContactCenterSession", channels: ["voice"] }),
    [inbox, deviceMessage, "the agent logged in"]);
  assert.deepEqual(start.json, { statusCode: 0 });

  const supervisor = await logIn(ctx, "supervisor");
  const users = (await ctx.step(() => supervisor.user.get("/api/v2/users?fields=*"))).json.users;
  const target = users.find((u) => u.userName === agent.userName);
  assert.ok(target, "the supervisor sees the agent");
  const groups = (await ctx.step(() => supervisor.user.get("/api/v2/groups?fields=*"))).json.groups;
  assert.ok(groups.length > 0);
  for (const group of groups) {
    const members = await ctx.step(() => supervisor.user.get(`/api/v2/groups/${group.id}/users?fields=*`));
    assert.equal(members.json.statusCode, 0, group.name);
  }
  const first = await ctx.step(() => supervisor.user.get(`/api/v2/groups/${groups[0].id}?subresources=users`));
  assert.equal(first.json.group.id, groups[0].id);
  const queues = await ctx.step(() => supervisor.user.get("/api/v2/queues?fields=*"));
  assert.ok(queues.json.queues.length > 0);
  const devices = await ctx.step(() => supervisor.user.get(`/api/v2/users/${target.id}/devices?fields=*`));
  assert.equal(devices.json.devices[0].id, me.devices[0].id);
  const found = await ctx.step(() => supervisor.user.get(
    `/api/v2/contacts?filterName=NamesOrPhoneNumberMatches&filterParameters=${encodeURIComponent(me.devices[0].phoneNumber)}`));
  assert.ok(found.json.contacts.some((c) => c.id === me.id), "the directory finds the agent by its number");
}
