// Typings of @ctisim/fixture (src/index.js).

/** A control API answer, as onResponse sees it. */
export interface ControlResponse {
  method: string;
  /** The path without the query: "/sim/v1/journal". */
  path: string;
  status: number;
  body: any;
}

export interface StartOptions {
  /** The ctisim program; default CTISIM_BIN, else "ctisim" on PATH. */
  binary?: string;
  /** A container image to run instead of a binary, e.g. "localhost/ctisim:latest". */
  image?: string;
  /** How the image runs: docker/podman run, or its filesystem under chroot (root, no runtime). Default CTISIM_IMAGE_ENGINE, else docker, else podman. */
  engine?: "docker" | "podman" | "chroot";
  /** The configuration (docs/control-api.md): an object, or the path of a JSON file. */
  config?: object | string;
  /** 0 (the default) picks a free port. Binary only: an image listens on 8080, published on a free port. */
  port?: number;
  /** Extra arguments (binary: after `serve`; image: replace its command). */
  args?: string[];
  /** Extra environment: CTISIM_<FLAG> sets any flag of `ctisim serve`. */
  env?: Record<string, string>;
  /** Give up when /sim/v1/health does not answer 200 within this (default 10000 ms). */
  healthTimeoutMs?: number;
  /** Sees every control API answer (e.g. to validate it against the OpenAPI document). */
  onResponse?: (response: ControlResponse) => void;
  /** The sandbox's --control-access: "USER:PASSWORD" makes its control API ask for these, and the helper sends them (HTTP Basic). Default CTISIM_CONTROL_ACCESS. */
  controlAccess?: string;
}

/** Names a call: its connId or callUuid (without either, the only call the DN is on). */
export interface CallRef {
  connId?: string;
  callUuid?: string;
}

export interface JournalEntry {
  seq: number;
  time: number;
  kind: "request" | "result" | "event" | "control";
  dns: string[];
  connIds: string[];
  /** {"event":"EventRinging",...}, {"request":"RequestAnswerCall",...}, {"requestSeq":n,"result":{...}}, {"control":...} */
  data: Record<string, any>;
}

export interface JournalPage {
  statusCode: 0;
  entries: JournalEntry[];
  dropped: number;
  lastSeq: number;
}

/** Filters of GET /sim/v1/journal (server side). */
export interface JournalQuery {
  dn?: string;
  connId?: string;
  since?: number;
  until?: number;
  after?: number;
  limit?: number;
  /** ms: hold the request until an entry with seq > after matches (at most 60000). */
  wait?: number;
}

/** What waitFor looks for: server-side dn/connId, client-side the rest. */
export interface JournalFilter {
  dn?: string;
  connId?: string;
  kind?: JournalEntry["kind"];
  /** "EventRinging", "EventReleased" ... */
  event?: string;
  /** "RequestAnswerCall" ... */
  request?: string;
  /** "AdvanceClock" ... */
  control?: string;
  match?: (entry: JournalEntry) => boolean;
}

export interface Clock {
  statusCode: 0;
  now: number;
  /** Whether the clock is virtual (moves only when told); the state dump's spelling. */
  virtualClock: boolean;
}

/** A GWS notification from /v2/me/*: the message's data with its channel. */
export interface Notification {
  channel: string;
  messageType?: string;
  notificationType?: string;
  call?: any;
  [key: string]: any;
}

/** An agent logged in, its CometD session open. */
export declare class Agent {
  readonly baseUrl: string;
  readonly userName: string;
  /** GET /api/v2/me's user. */
  user: any;
  /** Every notification received, oldest first. */
  readonly notifications: Notification[];
  request(method: string, path: string, body?: object): Promise<{ status: number; json: any }>;
  get(path: string): Promise<{ status: number; json: any }>;
  post(path: string, body?: object): Promise<{ status: number; json: any }>;
  /** POST /api/v2/me {operationName, ...fields}. */
  me(operationName: string, fields?: object): Promise<any>;
  /** POST /api/v2/me/calls/{id} {operationName, ...fields}. */
  callOperation(callId: string, operationName: string, fields?: object): Promise<any>;
  /** GET /api/v2/me/calls?fields=*. */
  calls(): Promise<any[]>;
  /** The first notification (from index `since`, default 0) that matches; waits for it. */
  waitForNotification(predicate: (n: Notification) => boolean, options?: { timeoutMs?: number; since?: number }): Promise<Notification>;
  close(): Promise<void>;
}

export declare class CtisimError extends Error {
  status: number;
  body: { statusCode: number; statusMessage: string; errorCode?: number };
}

export declare class Ctisim {
  constructor(baseUrl: string, options?: { stop?: () => Promise<number>; onResponse?: (r: ControlResponse) => void; controlAccess?: string });
  readonly baseUrl: string;
  /** The far end of calls: a customer, an external number. */
  readonly remoteParty: {
    answer(dn: string, call?: CallRef): Promise<{ statusCode: 0 }>;
    hangup(dn: string, call?: CallRef): Promise<{ statusCode: 0 }>;
    dtmf(dn: string, digits: string, call?: CallRef): Promise<{ statusCode: 0 }>;
  };
  /** advance/set need {clock: {virtual: true}} in the configuration. */
  readonly clock: {
    now(): Promise<Clock>;
    advance(ms: number): Promise<Clock>;
    set(ms: number): Promise<Clock>;
  };
  /** One control API request; throws CtisimError on an error answer. */
  control(method: string, path: string, body?: object): Promise<any>;
  /** POST /sim/v1/reset (no config: the one it started with). Closes the agents. */
  reset(config?: object): Promise<{ statusCode: 0 }>;
  injectCall(call: { from: string; to: string; userData?: Record<string, string | number> }): Promise<{ connId: string; callUuid: string }>;
  setBehaviour(dn: string, behaviour: { behaviour: "answer" | "busy" | "noAnswer" | "ringForever" | "reject"; answerDelayMs?: number; rejectCode?: number }): Promise<{ statusCode: 0 }>;
  state(): Promise<any>;
  faults(faults: { link?: "up" | "down"; eventDelayMs?: number; dropRequests?: number; dropEvents?: number }): Promise<any>;
  journal(query?: JournalQuery): Promise<JournalPage>;
  /** The first entry after `after` (default 0) matching filter; a long poll, no sleeps. */
  waitFor(filter?: JournalFilter, options?: { timeoutMs?: number; after?: number }): Promise<JournalEntry>;
  /** An agent logged in with its CometD session open; closed by reset() and stop(). */
  agent(userName: string, password?: string): Promise<Agent>;
  /** Closes the agents and stops what startCtisim started; resolves with its exit code. */
  stop(): Promise<number>;
}

/** Starts ctisim (binary or image) and resolves once it is healthy. */
export declare function startCtisim(options?: StartOptions): Promise<Ctisim>;
/** A ctisim running already (a CI service container; default CTISIM_URL). */
export declare function connectCtisim(baseUrl?: string, options?: { onResponse?: (r: ControlResponse) => void; healthTimeoutMs?: number; controlAccess?: string }): Promise<Ctisim>;
/** Resolves once GET /sim/v1/health answers 200 (controlAccess "USER:PASSWORD": sent as HTTP Basic; default CTISIM_CONTROL_ACCESS). */
export declare function waitHealthy(baseUrl: string, timeoutMs?: number, controlAccess?: string): Promise<void>;
