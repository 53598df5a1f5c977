// One agent desktop built on Genesys' official Workspace API v3 client
// (genesys-workspace-client-js, used unchanged), plus what the library hides:
// every raw CometD message it receives (EventError is only logged by the
// library, never emitted) and the promise of destroy()'s logout, which the
// library neither awaits nor catches.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
// The library reads CometDLib.CometD when it initializes; the same module
// instance is resolved here, so the wrapper below sees every client it makes.
const CometDLib = require("cometd");
const WorkspaceApi = require("genesys-workspace-client-js");

/** The raw CometD messages one client received, in order, when (performance.now()), and waiters on them. */
export class Wire {
  constructor() {
    this.messages = [];
    this.times = [];
    this.sent = [];
    this.waiters = new Set();
  }
  receive(message) {
    this.messages.push(message);
    this.times.push(performance.now());
    for (const waiter of this.waiters) waiter();
  }
}

// Every CometD client the library makes records what it receives and sends.
const OriginalCometD = CometDLib.CometD;
CometDLib.CometD = function CometDWithWire(name) {
  const cometd = new OriginalCometD(name);
  const wire = new Wire();
  cometd.ctisimWire = wire;
  cometd.registerExtension("ctisim-wire", {
    incoming(message) { wire.receive(message); return message; },
    outgoing(message) { wire.sent.push(message); return message; },
  });
  return cometd;
};

// The library leaves destroy()'s logout promise unhandled (a rejection kills
// Node): a rejection is kept here and reported by the test that made it.
export const unhandled = [];
process.on("unhandledRejection", (reason) => { unhandled.push(reason); });

const defaultTimeoutMs = Number(process.env.CTISIM_V3_TIMEOUT_MS ?? 10000);

/** "Basic base64Encode(id:secret)". */
function basic(id, secret) {
  return "Basic " + Buffer.from(`${id}:${secret}`).toString("base64");
}

/**
 * How a server hands out a session: ctisim and GWS 9 by the OAuth password
 * grant (a bearer token, the official tutorials' flow); the Agent API
 * Simulator only by its sign-in form's code (it ignores bearer tokens).
 */
export async function obtainCredentials(target, user) {
  if (target.login === "sign-in") {
    const res = await fetch(`${target.url}/auth/v3/sign-in`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ username: user.name, password: user.password, tenant: "", wweURI: target.redirectUri }),
    });
    const location = res.headers.get("location") ?? "";
    const code = new URL(location, target.url).searchParams.get("code");
    if (!code) throw new Error(`sign-in of ${user.name} gave no code (${res.status} ${location})`);
    return { code, redirectUri: target.redirectUri };
  }
  const res = await fetch(`${target.url}/auth/v3/oauth/token`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      authorization: basic(target.clientId, target.clientSecret),
      ...(target.apiKey ? { "x-api-key": target.apiKey } : {}),
    },
    body: new URLSearchParams({ grant_type: "password", client_id: target.clientId, scope: "*", username: user.name, password: user.password }),
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`token for ${user.name}: ${res.status} ${text}`);
  const body = JSON.parse(text);
  return { token: body.access_token, tokenResponse: body };
}

/** One agent: the official client, its raw CometD traffic and waits on it. */
export class Desktop {
  constructor(target, user) {
    this.target = target;
    this.user = user;
    this.api = new WorkspaceApi(target.apiKey, target.url, process.env.CTISIM_V3_DEBUG === "1");
    this.cursor = 0;
    this.events = [];
    for (const type of ["CallStateChanged", "DnStateChanged", "EventUserEvent"]) {
      this.api.on(type, (event) => this.events.push({ type, event }));
    }
  }

  /** Sign in, initialize-workspace, the CometD initialization: the library's initialize(). */
  async initialize() {
    this.credentials = await obtainCredentials(this.target, this.user);
    const { tokenResponse, ...options } = this.credentials;
    await this.api.initialize(options);
    this.wire = this.api._cometd.ctisimWire;
  }

  /** Every data message received on a channel so far. */
  received(channel = "/workspace/v3/voice") {
    return this.wire.messages.filter((m) => m.channel === channel);
  }

  /**
   * Waits for the next message on /workspace/v3/voice after the cursor that
   * matches predicate (messages before it are skipped) and moves the cursor past it.
   */
  async next(what, predicate, timeoutMs = defaultTimeoutMs) {
    const found = () => {
      for (let i = this.cursor; i < this.wire.messages.length; i++) {
        const m = this.wire.messages[i];
        if (m.channel === "/workspace/v3/voice" && predicate(m.data)) {
          this.cursor = i + 1;
          this.matchedAt = this.wire.times[i];
          return m.data;
        }
      }
      return undefined;
    };
    const now = found();
    if (now) return now;
    return new Promise((resolve, reject) => {
      const waiter = () => {
        const m = found();
        if (!m) return;
        clearTimeout(timer);
        this.wire.waiters.delete(waiter);
        resolve(m);
      };
      const timer = setTimeout(() => {
        this.wire.waiters.delete(waiter);
        const tail = this.wire.messages.slice(this.cursor).filter((m) => m.channel?.startsWith("/workspace/"));
        reject(new Error(`${this.user.name}: no ${what} within ${timeoutMs} ms; since the last match:\n  ` +
          (tail.map((m) => JSON.stringify(m.data)).join("\n  ") || "(nothing)")));
      }, timeoutMs);
      this.wire.waiters.add(waiter);
    });
  }

  /** Drops the messages before the cursor (a long run would keep them all). */
  forget() {
    this.wire.messages.splice(0, this.cursor);
    this.wire.times.splice(0, this.cursor);
    this.cursor = 0;
  }

  /** The next CallStateChanged of call id (or any call when id is undefined) in state, or matching more. */
  nextCall(state, { id, notificationType, more = () => true } = {}) {
    return this.next(`CallStateChanged ${notificationType ?? ""} ${state} ${id ?? ""}`, (d) =>
      d.messageType === "CallStateChanged" && (!state || d.call.state === state) &&
      (!id || d.call.id === id) && (!notificationType || d.notificationType === notificationType) && more(d));
  }

  /** The next DnStateChanged matching predicate. */
  nextDn(what, predicate) {
    return this.next(`DnStateChanged ${what}`, (d) => d.messageType === "DnStateChanged" && predicate(d.dn));
  }

  /** The EventError messages received so far (the library swallows them). */
  errors() {
    return this.received().filter((m) => m.data.messageType === "EventError").map((m) => m.data);
  }

  /**
   * The library's destroy(): /meta/disconnect, then POST /logout, whose promise
   * the library drops. It is taken here on its way out, so that the caller can
   * wait for the logout's answer and see it fail.
   */
  async destroy() {
    const sessionApi = this.api._sessionApi;
    const logout = sessionApi.logout;
    let outcome;
    sessionApi.logout = (...args) => (outcome = logout.apply(sessionApi, args));
    try {
      await this.api.destroy();
    } finally {
      sessionApi.logout = logout;
    }
    if (!outcome) throw new Error(`${this.user.name}: destroy() sent no logout`);
    return outcome;
  }
}
