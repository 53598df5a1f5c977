// @ctisim/fixture: ctisim as a test fixture. Start it (binary or image), reset
// it between tests, drive the world through the control API (/sim/v1), log
// agents in with their CometD sessions, and wait for what must happen instead
// of sleeping: waitFor() is a long poll on GET /sim/v1/journal?wait=.
import { startBinary, startImage, waitHealthy, controlHeaders } from "./process.js";
import { Agent } from "./agent.js";

export { Agent, waitHealthy };

/** An error answer of the control API: its HTTP status and GWS-style body. */
export class CtisimError extends Error {
  constructor(method, path, status, body) {
    super(`${method} ${path}: HTTP ${status} ${JSON.stringify(body)}`);
    this.status = status;
    this.body = body;
  }
}

function query(filter = {}) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(filter)) if (v !== undefined && v !== null) params.set(k, String(v));
  const text = params.toString();
  return text ? `?${text}` : "";
}

/** Does a journal entry match the filter's client-side keys (kind, event, request, control, match)? */
function entryMatches(entry, filter) {
  if (filter.kind && entry.kind !== filter.kind) return false;
  if (filter.event && entry.data.event !== filter.event) return false;
  if (filter.request && entry.data.request !== filter.request) return false;
  if (filter.control && entry.data.control !== filter.control) return false;
  if (filter.match && !filter.match(entry)) return false;
  return true;
}

/** A running (or reachable) ctisim sandbox. */
export class Ctisim {
  /**
   * @param {string} baseUrl e.g. "http://127.0.0.1:8080"
   * @param {{stop?: () => Promise<number>, onResponse?: Function, controlAccess?: string}} [options]
   *   controlAccess: "USER:PASSWORD" sent as HTTP Basic on every control request (default CTISIM_CONTROL_ACCESS)
   */
  constructor(baseUrl, { stop, onResponse, controlAccess } = {}) {
    this.baseUrl = baseUrl.replace(/\/$/, "");
    this.controlHeaders = controlHeaders(controlAccess);
    this.stopProcess = stop;
    this.onResponse = onResponse;
    this.agents = [];
    /** remoteParty.answer/hangup/dtmf: the far end of a call (a customer), by DN. */
    this.remoteParty = {
      answer: (dn, call = {}) => this.control("POST", `/sim/v1/parties/${encodeURIComponent(dn)}/answer`, call),
      hangup: (dn, call = {}) => this.control("POST", `/sim/v1/parties/${encodeURIComponent(dn)}/hangup`, call),
      dtmf: (dn, digits, call = {}) =>
        this.control("POST", `/sim/v1/parties/${encodeURIComponent(dn)}/dtmf`, { ...call, digits }),
    };
    /** The switch's clock: advance(ms) and set(ms) need a virtual clock ({clock: {virtual: true}}). */
    this.clock = {
      now: () => this.control("GET", "/sim/v1/clock"),
      advance: (ms) => this.control("POST", "/sim/v1/clock", { advance: ms }),
      set: (ms) => this.control("POST", "/sim/v1/clock", { set: ms }),
    };
  }

  /**
   * One control API request; resolves with the JSON body of a 2xx answer,
   * throws CtisimError otherwise.
   */
  async control(method, path, body) {
    const res = await fetch(this.baseUrl + path, {
      method,
      headers: body === undefined ? this.controlHeaders : { ...this.controlHeaders, "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await res.json();
    this.onResponse?.({ method, path: path.split("?")[0], status: res.status, body: json });
    if (!res.ok) throw new CtisimError(method, path, res.status, json);
    return json;
  }

  /** POST /sim/v1/reset: back to config (or the configuration it started with); agents must log in again. */
  async reset(config) {
    await Promise.all(this.agents.map((a) => a.close()));
    this.agents = [];
    return this.control("POST", "/sim/v1/reset", config);
  }

  /** An inbound call from an external number: resolves with {connId, callUuid}. */
  async injectCall({ from, to, userData }) {
    const { connId, callUuid } = await this.control("POST", "/sim/v1/calls", { from, to, userData });
    return { connId, callUuid };
  }

  /** PUT /sim/v1/dns/{dn}/behaviour: answer, busy, noAnswer, ringForever, reject. */
  setBehaviour(dn, behaviour) {
    return this.control("PUT", `/sim/v1/dns/${encodeURIComponent(dn)}/behaviour`, behaviour);
  }

  /** GET /sim/v1/state: DNs and calls. */
  state() { return this.control("GET", "/sim/v1/state"); }

  /** POST /sim/v1/faults: {link: "down"|"up", eventDelayMs, dropRequests, dropEvents}. */
  faults(faults) { return this.control("POST", "/sim/v1/faults", faults); }

  /**
   * GET /sim/v1/journal with the server's filters: dn, connId, since, until,
   * after, limit, wait (ms: a long poll until an entry with seq > after matches).
   * Resolves with {entries, dropped, lastSeq}.
   */
  journal(filter = {}) { return this.control("GET", `/sim/v1/journal${query(filter)}`); }

  /**
   * The first journal entry after `after` (default 0: since the last reset)
   * that matches filter; waits for it with journal?wait= (no polling, no sleeps).
   * Server-side keys: dn, connId. Client-side: kind, event ("EventRinging"),
   * request ("RequestAnswerCall"), control, match(entry).
   * @returns {Promise<object>} the entry ({seq, time, kind, dns, connIds, data})
   */
  async waitFor(filter = {}, { timeoutMs = 5000, after = 0 } = {}) {
    const deadline = Date.now() + timeoutMs;
    const server = { dn: filter.dn, connId: filter.connId };
    let cursor = after;
    for (;;) {
      const wait = Math.max(0, deadline - Date.now());
      const page = await this.journal({ ...server, after: cursor, limit: 1000, wait });
      const found = page.entries.find((e) => entryMatches(e, filter));
      if (found) return found;
      if (page.entries.length) cursor = page.entries[page.entries.length - 1].seq;
      else if (page.lastSeq < cursor) cursor = 0; // a reset started a new journal
      if (wait === 0 || Date.now() >= deadline) {
        const { match, ...shown } = filter;
        throw new Error(`no journal entry matching ${JSON.stringify(shown)}${match ? " and match()" : ""} within ${timeoutMs} ms`);
      }
    }
  }

  /**
   * An agent logged in with its CometD session open (subscribed to /v2/me/*).
   * Closed by reset() and stop().
   */
  async agent(userName, password = "password") {
    const agent = new Agent(this.baseUrl, userName, password);
    this.agents.push(agent);
    return agent.open();
  }

  /** Closes the agents' sessions and stops the process this helper started (resolves with its exit code). */
  async stop() {
    await Promise.all(this.agents.map((a) => a.close()));
    this.agents = [];
    return this.stopProcess ? this.stopProcess() : 0;
  }
}

/**
 * Starts ctisim and resolves once GET /sim/v1/health answers.
 * @param {object} options
 * @param {string} [options.binary] the ctisim program (default: CTISIM_BIN, else "ctisim" on PATH)
 * @param {string} [options.image] a container image instead ("localhost/ctisim:latest")
 * @param {"docker"|"podman"|"chroot"} [options.engine] how the image runs (default CTISIM_IMAGE_ENGINE, docker, podman)
 * @param {object|string} [options.config] the configuration (an object, or a file path)
 * @param {number} [options.port] 0 (default) picks a free port
 * @param {Function} [options.onResponse] sees every control API answer ({method, path, status, body})
 * @param {string} [options.controlAccess] the sandbox's --control-access ("USER:PASSWORD": its control API
 *   asks for these, and this helper sends them); default CTISIM_CONTROL_ACCESS
 */
export async function startCtisim(options = {}) {
  const started = options.image
    ? await startImage(options)
    : await startBinary({ ...options, binary: options.binary ?? process.env.CTISIM_BIN ?? "ctisim" });
  try {
    await waitHealthy(started.baseUrl, options.healthTimeoutMs ?? 10000, options.controlAccess);
  } catch (error) {
    await started.stop();
    throw error;
  }
  return new Ctisim(started.baseUrl,
    { stop: started.stop, onResponse: options.onResponse, controlAccess: options.controlAccess });
}

/** A ctisim that runs already (a CI service container): nothing to start or stop. */
export async function connectCtisim(baseUrl = process.env.CTISIM_URL, { onResponse, healthTimeoutMs = 10000, controlAccess } = {}) {
  if (!baseUrl) throw new Error("connectCtisim: give a base URL or set CTISIM_URL");
  await waitHealthy(baseUrl, healthTimeoutMs, controlAccess);
  return new Ctisim(baseUrl, { onResponse, controlAccess });
}
