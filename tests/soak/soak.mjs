#!/usr/bin/env node
// The soak test (issue 7): many agents, each with real CometD long-poll sessions
// (the official cometd client with its ack extension), doing random valid and
// invalid GWS operations against one `ctisim serve`, with inbound calls injected
// through the control API, and invariants checked all along and at quiescent
// checkpoints. Bounded by an operation count (CI) or a duration (on demand).
// Usage and figures: docs/reliability.md, section "Soak".
import { parseArgs } from "node:util";
import { readFileSync } from "node:fs";
import { isDeepStrictEqual } from "node:util";
import { adapt } from "../integration/node_modules/cometd-nodejs-client/cometd-nodejs-client.js";
import { CometD } from "../integration/node_modules/cometd/cometd.js";
import { AckExtension } from "../integration/node_modules/cometd/AckExtension.js";
import { startServer, GwsAgent } from "../integration/harness.mjs";

adapt();

const { values: opt } = parseArgs({
	options: {
		seed: { type: "string" },
		agents: { type: "string", default: "50" },
		ops: { type: "string", default: "3000" },
		duration: { type: "string" }, // seconds; when given, rounds run until it is over
		"round-ops": { type: "string", default: "600" },
		"drain-every": { type: "string", default: "5" }, // rounds between full hang-ups (RSS is compared there)
		twins: { type: "string", default: "5" }, // every Nth agent has a second CometD session
		"max-rss-growth-mb": { type: "string", default: "256" },
		"server-args": { type: "string", default: "" }, // more `ctisim serve` flags, space-separated
		verbose: { type: "boolean", default: false },
		help: { type: "boolean", default: false },
	},
});
if (opt.help) {
	console.log(`usage: node tests/soak/soak.mjs [--seed N] [--agents N] [--ops N | --duration SECONDS]
                 [--round-ops N] [--drain-every ROUNDS] [--twins N] [--max-rss-growth-mb N]
                 [--server-args "FLAGS"] [--verbose]
Starts $CTISIM_BIN (or build/cli/ctisim) and soaks it. Prints the seed; pass it again to replay
every agent's choices (the interleaving of agents is up to the network).`);
	process.exit(0);
}

const seed = opt.seed !== undefined ? Number(opt.seed) >>> 0 : (Date.now() ^ (process.pid << 16)) >>> 0;
const agentCount = Number(opt.agents);
const totalOps = opt.duration ? Infinity : Number(opt.ops);
const durationMs = opt.duration ? Number(opt.duration) * 1000 : Infinity;
const roundOps = Number(opt["round-ops"]);
const twinEvery = Number(opt.twins);
const drainEvery = Math.max(1, Number(opt["drain-every"]));
if (!(agentCount >= 2 && agentCount <= 100)) throw new Error("--agents must be 2..100 (extensions 15000-15099)");
console.log(`soak: seed ${seed}, ${agentCount} agents, ${opt.duration ? `duration ${opt.duration} s` : `${totalOps} operations`}` +
	` (replay: --seed ${seed} --agents ${agentCount} ${opt.duration ? `--duration ${opt.duration}` : `--ops ${totalOps}`})`);

// ---------------------------------------------------------------- randomness
// mulberry32: one stream per agent, derived from the seed and the agent, so that
// an agent's choices replay whatever the other agents do.
function rng(s) {
	let a = s >>> 0;
	const next = () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	return {
		next,
		int: (n) => Math.floor(next() * n),
		pick: (arr) => arr[Math.floor(next() * arr.length)],
		chance: (p) => next() < p,
	};
}

// ---------------------------------------------------------------- figures and failures
const stats = {
	accepted: 0, rejected: 0, rejectedExpected: 0, rejectedRace: 0, notifications: 0, errorNotifications: 0,
	injected: 0, remoteActions: 0, byOp: new Map(), checkpoints: 0, burstOps: 0, staleCapabilities: 0,
	mergedConsults: 0, ackBatches: 0,
};
const failures = [];
function fail(what, agent) {
	if (failures.length < 50) {
		failures.push(what);
		console.log(`FAIL ${what}`);
		if (agent && opt.verbose) console.log("  last operations of " + agent.dn + ":\n    " + agent.log.join("\n    "));
	}
}
function countOp(name, outcome) {
	const e = stats.byOp.get(name) ?? { accepted: 0, rejected: 0 };
	e[outcome]++;
	stats.byOp.set(name, e);
}

// ---------------------------------------------------------------- call states
// docs/call-model.md: the legal successions of a party's state as a GWS client
// sees them (the call resource's `state`). A party released from a call may be
// brought back to it (a single-step conference to it): Ringing or Dialing again.
const legalNext = {
	Dialing: ["Dialing", "Established", "Released"],
	Ringing: ["Ringing", "Established", "Released"],
	Established: ["Established", "Held", "Released"],
	Held: ["Held", "Established", "Released"],
	Released: ["Ringing", "Dialing"],
};

function viewOf(call) {
	return {
		state: call.state,
		participants: call.participants.map((p) => p.phoneNumber),
		userData: call.userData ?? {},
		mute: call.mute,
		callType: call.callType,
	};
}

// One message in a line: what a twin difference is made of.
function brief(text) {
	const { data } = JSON.parse(text);
	const c = data.call;
	return `${data.messageType} ${data.notificationType ?? ""} ${c ? `${c.id} ${c.state} [${c.participants.map((p) => p.phoneNumber)}]` : data.devices?.[0]?.userState?.state ?? data.operationName ?? ""}`;
}

// ---------------------------------------------------------------- CometD session
class Session {
	constructor(agent, index) {
		this.agent = agent;
		this.index = index;
		this.calls = new Map(); // callId -> last call resource
		this.lastState = new Map(); // callId -> last state seen, Released included
		this.sinceCheckpoint = []; // JSON text of every message since the last checkpoint (twin comparison)
		this.received = 0;
		this.ackSupported = false;
		this.lastBatch = 0;
		this.handshakes = 0;
	}

	async connect(url) {
		const cometd = new CometD();
		this.cometd = cometd;
		cometd.unregisterTransport("websocket");
		cometd.unregisterTransport("callback-polling");
		cometd.registerExtension("ack", new AckExtension());
		const session = this;
		// Watches what the ack extension negotiates: the handshake must enable it
		// and every connect reply closes the next batch (numbers only grow).
		cometd.registerExtension("soak-watch", {
			incoming(message) {
				if (message.channel === "/meta/handshake" && message.successful) {
					session.handshakes++;
					session.ackSupported = message.ext?.ack === true;
					session.lastBatch = 0;
				} else if (message.channel === "/meta/connect" && message.successful && typeof message.ext?.ack === "number") {
					if (message.ext.ack <= session.lastBatch)
						fail(`${session.name()}: ack batch ${message.ext.ack} after ${session.lastBatch}`, session.agent);
					session.lastBatch = message.ext.ack;
					stats.ackBatches++;
				}
				return message;
			},
		});
		// A browser of its own per session (BAYEUX_BROWSER): each CometD session
		// holds its long poll, as separate desktops would.
		cometd.configure({
			url: url + "/api/v2/notifications",
			requestHeaders: {
				Cookie: `JSESSIONID=${this.agent.http.cookies.get("JSESSIONID")}; BAYEUX_BROWSER=soak${seed}x${this.agent.dn}x${this.index}`,
			},
			logLevel: "warn",
		});
		await new Promise((resolve, reject) => {
			cometd.handshake((reply) => {
				if (!reply.successful) return reject(new Error(`${this.name()}: handshake failed: ${JSON.stringify(reply)}`));
				cometd.subscribe("/v2/me/*", (message) => this.onMessage(message),
					(sub) => (sub.successful ? resolve() : reject(new Error(`${this.name()}: subscribe failed: ${JSON.stringify(sub)}`))));
			});
		});
		if (!this.ackSupported) fail(`${this.name()}: the handshake did not enable the ack extension`);
	}

	name() { return `${this.agent.dn}/session${this.index}`; }

	onMessage(message) {
		const data = message.data;
		this.received++;
		this.sinceCheckpoint.push(JSON.stringify({ channel: message.channel, data }));
		if (this.index === 0) stats.notifications++;
		if (data.messageType === "CallStateChangeMessage") {
			const call = data.call;
			const prev = this.lastState.get(call.id);
			// A consult merged into another call shows up as a call new to this
			// client (PartyChanged: ParticipantsUpdated); the consult goes silently
			// (docs/api.md). That may be a call this party was released from.
			const merged = (prev === undefined || prev === "Released") && data.notificationType === "ParticipantsUpdated" &&
				call.state !== "Released";
			if (merged) this.merges = (this.merges ?? 0) + 1;
			else if (prev !== undefined && !legalNext[prev].includes(call.state))
				fail(`${this.name()}: call ${call.id} went ${prev} -> ${call.state} (${data.notificationType})`, this.agent);
			else if (prev === "Released" && data.notificationType !== "StatusChange")
				fail(`${this.name()}: ${data.notificationType} for released call ${call.id}`, this.agent);
			this.lastState.set(call.id, call.state);
			if (call.state === "Released") this.calls.delete(call.id);
			else this.calls.set(call.id, call);
		} else if (data.messageType === "ErrorMessage") {
			if (this.index === 0) stats.errorNotifications++;
		} else if (data.messageType === "DeviceStateChangeMessage") {
			this.device = data.devices[0];
		}
		if (this.index === 0) this.agent.onMessage(data);
	}

	disconnect() {
		return new Promise((resolve) => this.cometd.disconnect(() => resolve()));
	}
}

// The twin of an agent's CometD session: a hand-written long-polling Bayeux
// client with the ack extension that abandons some of its /meta/connect
// requests mid-flight (a dropped connection). The server must then send the
// unacknowledged batch again: compared with the CometD session at every
// checkpoint, this client must have received the same messages, each once, in
// the same order.
class AckDropSession extends Session {
	async connect(url) {
		this.url = url + "/api/v2/notifications";
		this.cookie = `JSESSIONID=${this.agent.http.cookies.get("JSESSIONID")}; BAYEUX_BROWSER=soak${seed}x${this.agent.dn}x${this.index}`;
		this.nextId = 1;
		this.dropped = 0;
		this.lost = 0;
		this.lostWithMessages = 0;
		this.running = true;
		const hs = await this.post([{ id: String(this.nextId++), channel: "/meta/handshake", version: "1.0",
			supportedConnectionTypes: ["long-polling"], ext: { ack: true } }]);
		const reply = hs.find((m) => m.channel === "/meta/handshake");
		if (!reply?.successful) throw new Error(`${this.name()}: handshake failed: ${JSON.stringify(hs)}`);
		this.handshakes++;
		this.ackSupported = reply.ext?.ack === true;
		if (!this.ackSupported) fail(`${this.name()}: the handshake did not enable the ack extension`);
		this.clientId = reply.clientId;
		const sub = await this.post([{ id: String(this.nextId++), channel: "/meta/subscribe", clientId: this.clientId, subscription: "/v2/me/*" }]);
		if (!sub.find((m) => m.channel === "/meta/subscribe")?.successful) throw new Error(`${this.name()}: subscribe failed: ${JSON.stringify(sub)}`);
		this.loop = this.pollLoop();
	}

	async post(messages, signal) {
		const res = await fetch(this.url, {
			method: "POST", signal, body: JSON.stringify(messages),
			headers: { "Content-Type": "application/json;charset=UTF-8", Cookie: this.cookie },
		});
		const text = await res.text();
		if (res.status !== 200) throw Object.assign(new Error(`${this.name()}: HTTP ${res.status} ${text}`), { status: res.status });
		return JSON.parse(text);
	}

	async pollLoop() {
		const r = rng((seed ^ Math.imul(Number(this.agent.dn), 0x85ebca6b)) >>> 0);
		let first = true;
		while (this.running) {
			const controller = new AbortController();
			const drop = !first && r.chance(0.08);
			// A reply lost on its way: read, then thrown away unseen.
			const lose = !first && !drop && r.chance(0.08);
			let timer;
			if (drop) timer = setTimeout(() => controller.abort(), r.int(40));
			const message = { id: String(this.nextId++), channel: "/meta/connect", clientId: this.clientId,
				connectionType: "long-polling", ext: { ack: this.lastBatch } };
			if (first) message.advice = { timeout: 0 };
			first = false;
			let replies;
			try {
				replies = await this.post([message], controller.signal);
			} catch (e) {
				if (controller.signal.aborted) {
					this.dropped++;
					continue;
				}
				// A long poll abandoned before may reach the server after this one (on
				// another connection) and replace it: CometD fails the replaced one with
				// HTTP 500, and its client connects again (nothing was taken from it).
				if (e.status === 500) {
					this.replaced = (this.replaced ?? 0) + 1;
					continue;
				}
				if (this.running) fail(`${this.name()}: /meta/connect: ${e.message}`, this.agent);
				return;
			} finally {
				clearTimeout(timer);
			}
			if (lose) {
				this.lost++;
				if (replies.some((m) => !m.channel.startsWith("/meta/"))) this.lostWithMessages++;
				continue;
			}
			for (const m of replies) {
				if (m.channel === "/meta/connect") {
					if (!m.successful) {
						if (this.running) fail(`${this.name()}: /meta/connect refused: ${JSON.stringify(m)}`, this.agent);
						return;
					}
					if (typeof m.ext?.ack === "number") {
						if (m.ext.ack <= this.lastBatch) fail(`${this.name()}: ack batch ${m.ext.ack} after ${this.lastBatch}`, this.agent);
						this.lastBatch = m.ext.ack;
						stats.ackBatches++;
					}
				} else if (!m.channel.startsWith("/meta/") && m.data) {
					this.onMessage(m);
				}
			}
		}
	}

	async disconnect() {
		this.running = false;
		await this.post([{ id: String(this.nextId++), channel: "/meta/disconnect", clientId: this.clientId }]).catch(() => {});
		await this.loop;
	}
}

// ---------------------------------------------------------------- agents
class Agent {
	constructor(world, i) {
		this.world = world;
		this.i = i;
		this.dn = String(15000 + i);
		this.user = "agent" + this.dn;
		this.r = rng((seed ^ Math.imul(i + 1, 0x9e3779b1)) >>> 0);
		this.http = new GwsAgent(world.url, this.user);
		this.sessions = [];
		this.messages = []; // primary session's messages since the last checkpoint: {data, used}
		this.expectations = [];
		this.log = [];
		this.dnd = false;
		this.agentState = "NotReady";
	}

	get primary() { return this.sessions[0]; }
	get calls() { return this.primary.calls; }

	note(text) {
		this.log.push(text);
		if (this.log.length > 25) this.log.shift();
	}

	async login() {
		const me = await this.http.get("/api/v2/me?subresources=*");
		if (me.json?.statusCode !== 0) throw new Error(`${this.user}: GET /me: ${me.text}`);
		const devices = await this.http.get("/api/v2/me/devices?fields=*");
		this.deviceId = devices.json?.devices?.[0]?.id;
		if (!this.deviceId) throw new Error(`${this.user}: GET /me/devices: ${devices.text}`);
		const sessionCount = twinEvery > 0 && this.i % twinEvery === 0 ? 2 : 1;
		for (let k = 0; k < sessionCount; k++) {
			const s = k === 0 ? new Session(this, k) : new AckDropSession(this, k);
			await s.connect(this.world.url);
			this.sessions.push(s);
		}
		await this.op("StartContactCenterSession", "POST", "/api/v2/me",
			{ operationName: "StartContactCenterSession", channels: ["voice"] }, { device: true });
		await this.op("Ready", "POST", "/api/v2/me/channels/voice", { operationName: "Ready" },
			{ device: true, state: "Ready" });
		this.agentState = "Ready";
	}

	onMessage(data) {
		const m = { data, used: false, seq: this.messages.length };
		this.messages.push(m);
		for (const e of this.expectations) {
			if (!e.done && e.armed && this.tryMatch(e, m)) break;
		}
	}

	// A message answers one expectation, except a call's Released, which ends
	// every expectation on that call (whatever was asked, the call is gone).
	tryMatch(e, m) {
		if (m.used || m.seq < e.from) return false;
		const how = e.match(m.data);
		if (!how) return false;
		e.done = true;
		if (how !== "ended") m.used = true;
		return how !== "ended";
	}

	// Sends one request. expect: {rejected: [http, statusCode...]} for a request
	// that must be refused; else an accepted request must bring a notification
	// matching `expect` (or an ErrorMessage for the same operation: the switch
	// refused it, or a call that meanwhile went away).
	async op(name, method, path, body, expect = {}) {
		const from = this.messages.length;
		let res;
		if (typeof body === "string") {
			res = await this.raw(method, path, body);
		} else {
			res = await this.http.request(method, path, body);
		}
		const code = res.json?.statusCode;
		this.note(`${name} ${path} ${typeof body === "string" ? body : JSON.stringify(body ?? "")} -> ${res.status} ${res.text.slice(0, 120)}`);
		if (res.json === undefined || typeof code !== "number") {
			fail(`${this.dn}: ${name}: the answer is not a GWS JSON body: ${res.status} ${res.text.slice(0, 200)}`, this);
			return res;
		}
		if (code !== 0) {
			const keys = Object.keys(res.json).sort().join(",");
			if (keys !== "statusCode,statusMessage") fail(`${this.dn}: ${name}: error body ${res.text}`, this);
			if (res.status < 400) fail(`${this.dn}: ${name}: HTTP ${res.status} with statusCode ${code}`, this);
		}
		if (expect.rejected) {
			const [http, ...codes] = expect.rejected;
			if (code === 0 || (expect.strict && (res.status !== http || !codes.includes(code))))
				fail(`${this.dn}: ${name} (must be refused with HTTP ${http} statusCode ${codes.join("|")}) got ${res.status} ${res.text}`, this);
			if (code !== 0) stats.rejectedExpected++;
			countOp(name + "!", code === 0 ? "accepted" : "rejected");
			return res;
		}
		if (code === 0) {
			stats.accepted++;
			countOp(name, "accepted");
			if (expect.device || expect.callId || expect.match) this.expect(name, from, expect);
		} else {
			// A valid-looking request refused: the client's view was stale (the call
			// moved on meanwhile). The quiescent bursts check refusals exactly.
			stats.rejected++;
			stats.rejectedRace++;
			countOp(name, "rejected");
			if (![400, 404].includes(res.status) || ![2, 6, ...(expect.staleCodes ?? [])].includes(code))
				fail(`${this.dn}: ${name}: unexpected refusal ${res.status} ${res.text}`, this);
		}
		return res;
	}

	expect(name, from, spec) {
		const match = (d) => {
			if (d.messageType === "ErrorMessage") return d.operationName === name;
			if (spec.device) {
				if (d.messageType !== "DeviceStateChangeMessage") return false;
				if (spec.state && d.devices[0].userState.state !== spec.state) return false;
				if (spec.dnd && d.devices[0].doNotDisturb !== spec.dnd) return false;
				return true;
			}
			if (d.messageType !== "CallStateChangeMessage") return false;
			if (spec.match) return spec.match(d);
			if (d.call.id !== spec.callId) return false;
			// The call may have ended meanwhile (the other side hung up first).
			if (d.call.state === "Released") return spec.state === "Released" ? true : "ended";
			if (spec.type && d.notificationType !== spec.type) return false;
			if (spec.state && d.call.state !== spec.state) return false;
			if (spec.check && !spec.check(d)) return false;
			return true;
		};
		const e = { name, from, match, done: false, armed: true, what: spec };
		// Notifications are queued before the HTTP answer: they may be here already.
		for (let k = from; k < this.messages.length && !e.done; k++) {
			this.tryMatch(e, this.messages[k]);
		}
		if (!e.done) this.expectations.push(e);
	}

	raw(method, path, text) {
		return fetch(this.world.url + path, {
			method,
			headers: { Cookie: this.http.cookieHeader(), "Content-Type": "application/json", Accept: "application/json" },
			body: text,
		}).then(async (res) => {
			const t = await res.text();
			let json;
			try { json = JSON.parse(t); } catch { json = undefined; }
			return { status: res.status, json, text: t };
		});
	}

	// ------------------------------------------------------------ random operations
	otherAgentDn() {
		const n = this.world.agents.length;
		return this.world.agents[(this.i + 1 + this.r.int(n - 1)) % n].dn;
	}

	destination() {
		const r = this.r.next();
		if (r < 0.3) return { dn: this.otherAgentDn(), answers: false };
		if (r < 0.75) return { dn: "+1555" + String(1000000 + this.r.int(9000000)), answers: true };
		if (r < 0.9 && agentCount < 100) return { dn: String(15000 + agentCount + this.r.int(100 - agentCount)), answers: true };
		return { dn: this.r.chance(0.7) ? "7000" : "8000", answers: false, queue: true };
	}

	async randomOp() {
		const r = this.r;
		const calls = [...this.calls.values()];
		const roll = r.next();
		if (roll < 0.1) return this.invalidOp(calls);
		if (roll < 0.16) return this.agentStateOp();
		if (roll < 0.2) return this.injectOp();
		if (roll < 0.23) return this.remotePartyOp(calls);
		if (calls.length === 0 || roll < 0.32) {
			if (calls.length >= 3) return this.callOp(r.pick(calls));
			return this.dialOp();
		}
		return this.callOp(r.pick(calls));
	}

	async dialOp() {
		const d = this.destination();
		const body = { operationName: "Dial", destination: { phoneNumber: d.dn } };
		if (this.r.chance(0.3)) body.userData = { SoakKey: "v" + this.r.int(1000) };
		const seen = new Set(this.primary.lastState.keys());
		return this.op("Dial", "POST", `/api/v2/me/devices/${this.deviceId}/calls`, body, {
			match: (m) => m.notificationType === "StatusChange" && m.call.state === "Dialing" && !seen.has(m.call.id) &&
				m.call.participants.some((p) => p.phoneNumber === d.dn),
		});
	}

	async callOp(call) {
		const r = this.r;
		const caps = call.capabilities.filter((c) => c !== "SetCallDisposition");
		if (caps.length === 0) return this.dialOp();
		// Hangup is everywhere: keep it from ending every call at once.
		let op = r.pick(caps);
		if (op === "Hangup" && r.chance(0.5)) op = r.pick(caps);
		const path = `/api/v2/me/calls/${call.id}`;
		const id = call.id;
		switch (op) {
		case "Answer":
			return this.op(op, "POST", path, { operationName: op }, { callId: id, type: "StatusChange", state: "Established" });
		case "Hangup":
			return this.op(op, "POST", path, { operationName: op }, { callId: id, state: "Released" });
		case "Hold":
			return this.op(op, "POST", path, { operationName: op }, { callId: id, state: "Held" });
		case "Retrieve":
			return this.op(op, "POST", path, { operationName: op }, { callId: id, state: "Established" });
		case "MuteCall":
		case "UnmuteCall":
			return this.op(op, "POST", path, { operationName: op }, { callId: id, check: (m) => m.call.mute === (op === "MuteCall" ? "On" : "Off") });
		case "SendDtmf":
			return this.op(op, "POST", path, { operationName: op, digits: String(r.int(1000)) }, { callId: id, type: "DtmfSent" });
		case "AttachUserData":
		case "UpdateUserData": {
			const key = "K" + r.int(5);
			const value = r.chance(0.5) ? "v" + r.int(100) : r.int(100);
			return this.op(op, "POST", path, { operationName: op, userData: { [key]: value } },
				{ callId: id, type: "AttachedDataChanged", check: (m) => m.call.userData && key in m.call.userData });
		}
		case "DeleteUserDataPair": {
			const keys = Object.keys(call.userData ?? {});
			if (keys.length === 0) return this.op(op, "POST", path, { operationName: op, key: "Absent" }, {});
			const key = r.pick(keys);
			return this.op(op, "POST", path, { operationName: op, key }, { callId: id, type: "AttachedDataChanged" });
		}
		case "DeleteUserData":
			return this.op(op, "POST", path, { operationName: op }, { callId: id, type: "AttachedDataChanged" });
		case "SingleStepConference":
		case "SingleStepTransfer":
		case "InitiateConference":
		case "InitiateTransfer": {
			const d = this.destination();
			const body = { operationName: op, destination: { phoneNumber: d.dn } };
			if (r.chance(0.2)) body.userData = { Hop: "h" + r.int(100) };
			let spec = { callId: id };
			if (op === "SingleStepTransfer") spec.state = "Released";
			else if (op.startsWith("Initiate")) spec.state = "Held";
			else if (d.answers && !body.userData) spec.type = "ParticipantsUpdated";
			else spec = {}; // rings at an agent: nothing for the requester until it answers
			return this.op(op, "POST", path, body, spec);
		}
		case "CompleteConference":
		case "CompleteTransfer":
		case "SwapCalls":
			return this.op(op, "POST", path, { operationName: op }, { callId: id });
		case "RemoveParticipantFromConference": {
			const p = r.pick(call.participants).phoneNumber;
			// The participant may have left meanwhile (its PartyDeleted still on its
			// way): the server then says it is not a participant (400/10).
			return this.op(op, "POST", path, { operationName: op, participant: p }, { callId: id, staleCodes: [10] });
		}
		default:
			return this.op(op, "POST", path, { operationName: op }, {});
		}
	}

	async agentStateOp() {
		const r = this.r.next();
		if (r < 0.2) {
			const on = !this.dnd;
			const res = await this.op(on ? "DoNotDisturbOn" : "DoNotDisturbOff", "POST", `/api/v2/me/devices/${this.deviceId}`,
				{ operationName: on ? "DoNotDisturbOn" : "DoNotDisturbOff" }, { device: true, dnd: on ? "On" : "Off" });
			if (res.json?.statusCode === 0) this.dnd = on;
			return res;
		}
		const [op, state] = this.r.pick([["Ready", "Ready"], ["Ready", "Ready"], ["NotReady", "NotReady"],
			["AfterCallWork", "NotReady"], ["AuxWork", "NotReady"]]);
		const res = await this.op(op, "POST", "/api/v2/me/channels/voice", { operationName: op }, { device: true, state });
		if (res.json?.statusCode === 0) this.agentState = op;
		return res;
	}

	// An inbound call through the control API: to this agent (it must ring here
	// unless DND makes it busy) or to the queue.
	async injectOp() {
		const toQueue = this.r.chance(0.3);
		const from = "+1415" + String(1000000 + this.r.int(9000000));
		const to = toQueue ? "7000" : this.dn;
		const body = { from, to };
		if (this.r.chance(0.3)) body.userData = { Segment: this.r.pick(["Gold", "Silver"]) };
		const from0 = this.messages.length;
		const res = await this.world.control("POST", "/sim/v1/calls", body);
		this.note(`inject ${JSON.stringify(body)} -> ${res.status} ${res.text}`);
		stats.injected++;
		if (res.json?.statusCode !== 0) {
			fail(`${this.dn}: inbound call ${JSON.stringify(body)} refused: ${res.status} ${res.text}`, this);
			return res;
		}
		if (!toQueue && !this.dnd) {
			const id = res.json.callUuid;
			this.expect("inbound", from0, { match: (m) => m.call.id === id && m.call.state === "Ringing" && m.call.callType === "Inbound" });
		}
		return res;
	}

	// The far end of one of this agent's calls hangs up or sends digits.
	async remotePartyOp(calls) {
		const candidates = calls.filter((c) => c.participants.some((p) => p.phoneNumber.startsWith("+")));
		if (candidates.length === 0) return this.dialOp();
		const call = this.r.pick(candidates);
		const party = this.r.pick(call.participants.filter((p) => p.phoneNumber.startsWith("+"))).phoneNumber;
		const action = this.r.chance(0.7) ? "hangup" : "dtmf";
		const body = { callUuid: call.id };
		if (action === "dtmf") body.digits = "12#";
		const res = await this.world.control("POST", `/sim/v1/parties/${encodeURIComponent(party)}/${action}`, body);
		this.note(`remote ${party} ${action} ${call.id} -> ${res.status} ${res.text}`);
		stats.remoteActions++;
		// The call may have changed meanwhile (404/409); anything else is wrong.
		if (![200, 404, 409].includes(res.status)) fail(`${this.dn}: remote ${action}: ${res.status} ${res.text}`, this);
		return res;
	}

	// Requests that must be refused whatever the state of the calls.
	async invalidOp(calls) {
		const r = this.r;
		const call = calls.length ? r.pick(calls) : undefined;
		const callPath = call ? `/api/v2/me/calls/${call.id}` : "/api/v2/me/calls/0123456789ABCDEF0123456789ABCDEF";
		const dev = `/api/v2/me/devices/${this.deviceId}/calls`;
		const cases = [
			() => this.op("unknown-call", "POST", "/api/v2/me/calls/00000000000000000000000000000000", { operationName: "Hangup" },
				{ rejected: [404, 6], strict: true }),
			() => this.op("unknown-device", "POST", "/api/v2/me/devices/00000000-0000-0000-0000-000000000000/calls",
				{ operationName: "Dial", destination: { phoneNumber: "15001" } }, { rejected: [404, 6], strict: true }),
			() => this.op("dial-no-destination", "POST", dev, { operationName: "Dial" }, { rejected: [400, 1], strict: true }),
			() => this.op("dial-bad-destination", "POST", dev, { operationName: "Dial", destination: 15001 }, { rejected: [400, 10], strict: true }),
			() => this.op("dial-unknown-operation", "POST", dev, { operationName: "Teleport" }, { rejected: [400, 10], strict: true }),
			() => this.op("malformed-json", "POST", dev, '{"operationName":"Dial",', { rejected: [400, 10], strict: true }),
			() => this.op("voice-unknown-operation", "POST", "/api/v2/me/channels/voice", { operationName: "Dance" }, { rejected: [400, 10], strict: true }),
			// With a call of this agent (which may be gone already: then 404).
			() => this.op("call-no-operation", "POST", callPath, { foo: 1 }, { rejected: [400, 10] }),
			() => this.op("ssc-no-destination", "POST", callPath, { operationName: "SingleStepConference" }, { rejected: [400, 1, 2] }),
			() => this.op("attach-bad-userdata", "POST", callPath, { operationName: "AttachUserData", userData: "x" }, { rejected: [400, 1, 10, 2] }),
			() => this.op("dtmf-bad-digits", "POST", callPath, { operationName: "SendDtmf", digits: 12 }, { rejected: [400, 10, 2] }),
		];
		return r.pick(cases)();
	}

	// ------------------------------------------------------------ quiescent checks
	async serverCalls() {
		const res = await this.http.get("/api/v2/me/calls?fields=*");
		if (res.json?.statusCode !== 0) throw new Error(`${this.dn}: GET /me/calls: ${res.text}`);
		return new Map(res.json.calls.map((c) => [c.id, c]));
	}

	// Differences between what the notifications said and what the server says.
	diff(server) {
		const out = [];
		for (const s of this.sessions) {
			for (const [id, c] of s.calls) {
				const sc = server.get(id);
				if (!sc) out.push({ session: s, id, kind: "extra", call: c });
				else if (!isDeepStrictEqual(viewOf(c), viewOf(sc)))
					out.push({ session: s, id, kind: "differs", text: `${JSON.stringify(viewOf(c))} vs server ${JSON.stringify(viewOf(sc))}` });
				// Capabilities change with the user's other calls (a consult pair): the
				// server notifies the call again when they do (docs/api.md).
				else if (!isDeepStrictEqual(c.capabilities, sc.capabilities))
					out.push({ session: s, id, kind: "has stale capabilities", call: c, text: `${c.state} ${c.callType}:` +
						` client +[${c.capabilities.filter((x) => !sc.capabilities.includes(x))}]` +
						` -[${sc.capabilities.filter((x) => !c.capabilities.includes(x))}]` });
			}
			for (const id of server.keys()) if (!s.calls.has(id)) out.push({ session: s, id, kind: "missing" });
		}
		return out;
	}

	// A consult merged into another call leaves its old id in the client's view
	// (no notification says it went): drop those the merges account for.
	dropMerged(diffs) {
		for (const s of this.sessions) {
			const extra = diffs.filter((d) => d.session === s && d.kind === "extra");
			if (extra.length && extra.every((d) => d.call.callType === "Consult") && extra.length <= (s.merges ?? 0)) {
				for (const d of extra) s.calls.delete(d.id);
				s.merges -= extra.length;
				if (s.index === 0) stats.mergedConsults += extra.length;
			}
		}
	}

	pendingExpectations() { return this.expectations.filter((e) => !e.done); }

	resetCheckpoint() {
		this.messages = [];
		this.expectations = [];
		for (const s of this.sessions) {
			s.sinceCheckpoint = [];
			s.merges = 0;
		}
	}
}

// ---------------------------------------------------------------- the world
class World {
	constructor(server) {
		this.server = server;
		this.url = server.url;
		this.agents = [];
		this.ops = 0;
	}

	async control(method, path, body) {
		const res = await fetch(this.url + path, {
			method, headers: { "Content-Type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await res.text();
		let json;
		try { json = JSON.parse(text); } catch { json = undefined; }
		return { status: res.status, json, text };
	}

	async state() {
		const res = await this.control("GET", "/sim/v1/state");
		if (res.json?.statusCode !== 0) throw new Error("GET /sim/v1/state: " + res.text);
		return res.json;
	}

	rssKb() {
		try {
			const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${this.server.pid}/status`, "utf8"));
			return m ? Number(m[1]) : NaN;
		} catch {
			return NaN;
		}
	}

	async round(limit) {
		let issued = 0;
		const worker = async (a) => {
			while (issued < limit && Date.now() < deadline) {
				issued++;
				this.ops++;
				await a.randomOp();
			}
		};
		await Promise.all(this.agents.map(worker));
		return issued;
	}

	// Waits until every session's view agrees with the server and every accepted
	// request has had its notification; then checks, and fails what does not.
	async settle(label) {
		const until = Date.now() + 20000;
		let problems;
		for (;;) {
			problems = [];
			for (const a of this.agents) {
				const server = await a.serverCalls();
				a.serverView = server;
				let diffs = a.diff(server);
				if (diffs.some((d) => d.kind === "extra")) {
					a.dropMerged(diffs);
					diffs = a.diff(server);
				}
				for (const d of diffs)
					problems.push({ a, stale: d.kind === "has stale capabilities", text: `${d.session.name()}: call ${d.id} ${d.kind} ${d.text ?? ""}` });
				for (const e of a.pendingExpectations())
					problems.push({ a, text: `${a.dn}: accepted ${e.name} ${JSON.stringify(e.what, (k, v) => (typeof v === "function" ? undefined : v))} never had its notification` });
				for (const s of a.sessions.slice(1)) {
					const p = a.primary.sinceCheckpoint, q = s.sinceCheckpoint;
					if (p.length !== q.length || p.some((t, k) => t !== q[k]))
						problems.push({ a, text: `${s.name()} received ${q.length} messages, ${a.primary.name()} ${p.length}; first difference at ${p.findIndex((t, k) => t !== q[k])}` +
							(Date.now() > until ? "\n  primary: " + p.slice(0, 4).map(brief).join("\n           ") + "\n  twin:    " + q.slice(0, 4).map(brief).join("\n           ") : "") });
				}
			}
			if (problems.length === 0 || Date.now() > until) break;
			await new Promise((res) => setTimeout(res, 100));
		}
		stats.staleCapabilities += problems.filter((p) => p.stale).length;
		for (const p of problems.slice(0, 20)) fail(`${label}: ${p.text}`, p.a);
		return problems.length === 0;
	}

	// The switch's view: every party on a soak agent's DN is that agent's call in
	// the same state, and every call an agent has is on the switch.
	async checkSwitch(label) {
		const st = await this.state();
		const byDn = new Map(this.agents.map((a) => [a.dn, a]));
		const seen = new Set();
		for (const call of st.calls) {
			for (const p of call.parties) {
				const a = byDn.get(p.dn);
				if (!a) continue;
				seen.add(a.dn + "/" + call.callUuid);
				const c = a.calls.get(call.callUuid);
				if (!c) fail(`${label}: switch has ${p.dn} ${p.state} on ${call.callUuid}; its client has no such call`, a);
				else if (c.state !== p.state) fail(`${label}: switch has ${p.dn} ${p.state} on ${call.callUuid}; its client says ${c.state}`, a);
			}
		}
		for (const a of this.agents)
			for (const id of a.calls.keys())
				if (!seen.has(a.dn + "/" + id)) fail(`${label}: ${a.dn} has call ${id} the switch does not have it on`, a);
		return st;
	}

	// Requests refused exactly as documented, from a settled state: they change
	// nothing on the switch and send nobody anything.
	async invalidBurst(label) {
		const before = await this.state();
		const counts = this.agents.map((a) => a.sessions.map((s) => s.received));
		await Promise.all(this.agents.map(async (a) => {
			const others = this.agents.filter((b) => b !== a).flatMap((b) => [...b.calls.values()])
				.filter((c) => !a.calls.has(c.id));
			const jobs = [];
			if (others.length) {
				const c = a.r.pick(others);
				jobs.push(() => a.op("foreign-call", "POST", `/api/v2/me/calls/${c.id}`, { operationName: "Hangup" }, { rejected: [404, 6], strict: true }));
				jobs.push(() => a.op("foreign-call-get", "GET", `/api/v2/me/calls/${c.id}`, undefined, { rejected: [404, 6], strict: true }));
			}
			// The server's capabilities (GET /me/calls), which the client's may lag.
			for (const c of [...a.serverView.values()].slice(0, 2)) {
				const all = ["Answer", "Hold", "Retrieve", "CompleteTransfer", "MuteCall", "UnmuteCall", "SwapCalls"];
				const wrong = all.filter((o) => !c.capabilities.includes(o));
				if (wrong.length) {
					const o = a.r.pick(wrong);
					jobs.push(() => a.op("wrong-state-" + o, "POST", `/api/v2/me/calls/${c.id}`, { operationName: o }, { rejected: [400, 2], strict: true }));
				}
				if (c.capabilities.includes("SingleStepConference"))
					jobs.push(() => a.op("ssc-bad-destination", "POST", `/api/v2/me/calls/${c.id}`,
						{ operationName: "SingleStepConference", destination: "15001" }, { rejected: [400, 10], strict: true }));
			}
			jobs.push(() => a.invalidOp([]));
			for (const j of jobs) {
				stats.burstOps++;
				await j();
			}
		}));
		const after = await this.state();
		delete before.now;
		delete after.now;
		if (!isDeepStrictEqual(before, after)) fail(`${label}: refused requests changed the switch state`);
		// Fence: each agent repeats its agent state; the repeat's notifications (the
		// device's DeviceStateChangeMessage and the voice channel's
		// ChannelStateChangeMessageV2) must be the only messages since the burst began.
		const fenceMessages = 2;
		await Promise.all(this.agents.map(async (a) => {
			const op = a.agentState === "Ready" ? "Ready" : a.agentState;
			const state = op === "Ready" ? "Ready" : "NotReady";
			await a.op(op, "POST", "/api/v2/me/channels/voice", { operationName: op }, { device: true, state });
		}));
		if (!(await this.settle(label + " fence"))) return;
		this.agents.forEach((a, i) => a.sessions.forEach((s, k) => {
			if (s.received !== counts[i][k] + fenceMessages)
				fail(`${label}: ${s.name()} received ${s.received - counts[i][k]} messages during the refused requests and the fence (${fenceMessages} expected)`, a);
		}));
	}

	async checkpoint(label) {
		stats.checkpoints++;
		await this.settle(label);
		const st = await this.checkSwitch(label);
		this.lastCalls = st.calls.length;
		await this.invalidBurst(label);
		for (const a of this.agents) a.resetCheckpoint();
	}

	// Everyone hangs up; what only remote parties still hold is hung up through
	// the control API; then nothing may be left.
	async hangUpAll() {
		for (let pass = 0; pass < 10; pass++) {
			await Promise.all(this.agents.map(async (a) => {
				for (const c of [...a.calls.values()]) {
					if (c.capabilities.includes("Hangup"))
						await a.op("Hangup", "POST", `/api/v2/me/calls/${c.id}`, { operationName: "Hangup" }, { callId: c.id, state: "Released" });
				}
			}));
			await this.settle("hang-up");
			const st = await this.state();
			for (const call of st.calls) {
				const dns = call.parties.length ? call.parties.map((p) => p.dn) : [call.ani || call.dnis];
				for (const dn of dns) {
					if (this.agents.some((a) => a.dn === dn)) continue;
					await this.control("POST", `/sim/v1/parties/${encodeURIComponent(dn)}/hangup`, { callUuid: call.callUuid });
				}
			}
			const after = await this.state();
			if (after.calls.length === 0) {
				// The remote hang-ups just sent notify agents still on those calls:
				// wait for every session to have them before the caller resets the
				// twin comparison, or a slower twin gets them after the reset and
				// looks one message ahead of its sibling.
				await this.settle("hang-up");
				return pass;
			}
		}
		return -1;
	}
}

// ---------------------------------------------------------------- main
// The client's own event-loop lag: under a loaded machine a session that does
// not reconnect within the server's maxInterval (10 s) is expired; this says
// whether the soak itself was starved.
let maxLagMs = 0;
{
	let last = Date.now();
	setInterval(() => {
		const now = Date.now();
		maxLagMs = Math.max(maxLagMs, now - last - 100);
		last = now;
	}, 100).unref();
}
const started = Date.now();
const deadline = started + durationMs;
const server = await startServer(opt["server-args"].split(" ").filter(Boolean));
let exitCode = 1;
const watchdogMs = Number.isFinite(durationMs) ? durationMs + 180000 : 60000 + totalOps * 100;
const watchdog = setTimeout(() => {
	console.log(`FAIL soak: still running after ${watchdogMs} ms (a request or notification hung)`);
	server.stop().finally(() => process.exit(1));
}, watchdogMs);
try {
	const world = new World(server);
	for (let i = 0; i < agentCount; i++) world.agents.push(new Agent(world, i));
	await Promise.all(world.agents.map((a) => a.login()));
	const sessionCount = world.agents.reduce((n, a) => n + a.sessions.length, 0);
	await world.settle("login");
	for (const a of world.agents) a.resetCheckpoint();
	const rssStart = world.rssKb();
	const rssSamples = [[0, rssStart]];
	console.log(`soak: ${agentCount} agents logged in, ${sessionCount} CometD sessions (ack), server RSS ${rssStart} kB`);

	let round = 0;
	while (world.ops < totalOps && Date.now() < deadline && failures.length === 0) {
		round++;
		const t0 = Date.now();
		const n = await world.round(Math.min(roundOps, totalOps - world.ops));
		const t1 = Date.now();
		await world.checkpoint(`round ${round}`);
		if (opt.verbose) console.log(`soak: round ${round}: operations ${t1 - t0} ms, checkpoint ${Date.now() - t1} ms`);
		// Every few rounds everyone hangs up: memory is compared between these
		// empty-switch points, so that calls piling up do not pass for a leak.
		let drained = "";
		if (round % drainEvery === 0) {
			if ((await world.hangUpAll()) < 0) fail(`round ${round}: calls are left after 10 hang-up passes`);
			for (const a of world.agents) a.resetCheckpoint();
			drained = " (drained)";
		}
		const rss = world.rssKb();
		if (drained) rssSamples.push([world.ops, rss]);
		console.log(`soak: round ${round}: ${n} operations (total ${world.ops}, accepted ${stats.accepted}, refused ${stats.rejected + stats.rejectedExpected}),` +
			` ${stats.notifications} notifications, ${world.lastCalls} calls, RSS ${rss} kB${drained}, ${((Date.now() - started) / 1000).toFixed(1)} s, client lag max ${maxLagMs} ms`);
		maxLagMs = 0;
	}

	const passes = await world.hangUpAll();
	if (passes < 0) fail("hang-up: calls are left after 10 passes: " + JSON.stringify((await world.state()).calls).slice(0, 500));
	const rssEnd = world.rssKb();
	for (const a of world.agents) for (const s of a.sessions) s.clientIdAtEnd = s.clientId ?? s.cometd.getClientId();
	await Promise.all(world.agents.flatMap((a) => a.sessions.map((s) => s.disconnect())));
	// Nothing left: each CometD session is unknown to the server (402 on a
	// connect), each HTTP session too once ended (401 on its cookie alone).
	let sessionsLeft = 0, httpLeft = 0;
	await Promise.all(world.agents.map(async (a) => {
		for (const s of a.sessions) {
			const res = await fetch(world.url + "/api/v2/notifications", {
				method: "POST", headers: { "Content-Type": "application/json", Cookie: a.http.cookieHeader() },
				body: JSON.stringify([{ id: "1", channel: "/meta/connect", clientId: s.clientIdAtEnd, connectionType: "long-polling" }]),
			});
			const reply = (await res.json().catch(() => []))[0] ?? {};
			if (reply.successful !== false || !String(reply.error).startsWith("402")) {
				sessionsLeft++;
				fail(`end: CometD session ${s.clientIdAtEnd} of ${s.name()} still answers: ${JSON.stringify(reply)}`);
			}
		}
		await a.http.post("/api/v2/me", { operationName: "EndContactCenterSession" });
		const me = await fetch(world.url + "/api/v2/me", { headers: { Cookie: `JSESSIONID=${a.http.cookies.get("JSESSIONID")}` } });
		if (me.status !== 401) {
			httpLeft++;
			fail(`end: the HTTP session of ${a.user} still works after EndContactCenterSession (${me.status})`);
		}
	}));
	const st = await world.state();
	if (st.calls.length) fail(`end: ${st.calls.length} calls left on the switch`);
	const loggedIn = st.dns.filter((d) => world.agents.some((a) => a.dn === d.dn) && d.agentState !== "LoggedOut");
	if (loggedIn.length) fail(`end: ${loggedIn.length} agents still logged in`);
	const health = await world.control("GET", "/sim/v1/health");
	if (typeof health.json?.cometdSessions === "number" && health.json.cometdSessions !== 0)
		fail(`end: ${health.json.cometdSessions} CometD sessions left (${health.text})`);
	if (typeof health.json?.httpSessions === "number" && health.json.httpSessions !== 0)
		fail(`end: ${health.json.httpSessions} HTTP sessions left (${health.text})`);
	const twinSum = (f) => world.agents.reduce((n, a) => n + a.sessions.reduce((m, s) => m + (s[f] ?? 0), 0), 0);
	const dropped = twinSum("dropped"), lost = twinSum("lost"), lostWithMessages = twinSum("lostWithMessages");
	const replaced = twinSum("replaced");
	const handshakes = world.agents.reduce((n, a) => n + a.sessions.reduce((m, s) => m + s.handshakes, 0), 0);
	if (handshakes !== sessionCount) fail(`sessions handshook ${handshakes} times for ${sessionCount} sessions (a session was lost)`);

	// Memory: growth per 1,000 operations between empty-switch points, from the
	// first drain on (the first rounds warm up allocators and tables); the end,
	// after the final hang-up, is one more such point.
	rssSamples.push([world.ops, rssEnd]);
	const warm = rssSamples.length > 2 ? rssSamples[1] : rssSamples[0];
	const last = rssSamples[rssSamples.length - 1];
	const perK = last[0] > warm[0] ? ((last[1] - warm[1]) / (last[0] - warm[0])) * 1000 : 0;
	const growthMb = (rssEnd - rssStart) / 1024;
	if (growthMb > Number(opt["max-rss-growth-mb"])) fail(`memory: RSS grew ${growthMb.toFixed(1)} MB`);

	const secs = (Date.now() - started) / 1000;
	console.log("soak figures:");
	console.log(`  seed                 ${seed}`);
	console.log(`  duration             ${secs.toFixed(1)} s`);
	console.log(`  agents / sessions    ${agentCount} / ${sessionCount} CometD sessions (${handshakes} handshakes)`);
	console.log(`  operations           ${world.ops} random (${(world.ops / secs).toFixed(0)}/s) + ${stats.burstOps} in refusal bursts`);
	console.log(`  accepted             ${stats.accepted}`);
	console.log(`  refused              ${stats.rejectedExpected} invalid on purpose, ${stats.rejectedRace} valid but stale (the call moved on)`);
	console.log(`  inbound / remote     ${stats.injected} injected calls, ${stats.remoteActions} remote-party actions`);
	console.log(`  notifications        ${stats.notifications} (${stats.errorNotifications} ErrorMessage), ${stats.ackBatches} ack batches,` +
		` ${dropped} long polls dropped by twin sessions (${replaced} live ones replaced by an abandoned one arriving late: HTTP 500, polled again)`);
	console.log(`  lost replies         ${lost} connect replies thrown away unread by twin sessions, ${lostWithMessages} of them with messages (sent again)`);
	console.log(`  checkpoints          ${stats.checkpoints} (views = server, capabilities included; expectations met, twin sessions identical, refusals change nothing)`);
	console.log(`  merged consults      ${stats.mergedConsults} dropped from client views`);
	console.log(`  stale capabilities   ${stats.staleCapabilities} call views at checkpoints whose capabilities differ from GET /me/calls (failures)`);
	console.log(`  RSS                  ${rssStart} kB at start, ${rssEnd} kB at the end; at empty-switch points ${rssSamples.map(([, k]) => k).join(", ")} kB;` +
		` ${perK.toFixed(1)} kB per 1,000 operations after warm-up`);
	console.log(`  end                  ${st.calls.length} calls, ${loggedIn.length} agents logged in, ${sessionsLeft} CometD and` +
		` ${httpLeft} HTTP sessions still answering; ${st.dns.length} DNs known to the switch (external numbers stay)`);
	if (opt.verbose) {
		for (const [name, e] of [...stats.byOp].sort()) console.log(`    ${name.padEnd(36)} ${e.accepted} accepted, ${e.rejected} refused`);
	}
	exitCode = failures.length ? 1 : 0;
} catch (e) {
	console.log("FAIL soak: " + (e.stack ?? e));
} finally {
	clearTimeout(watchdog);
	// The server's own warnings (e.g. a CometD session expired) explain many failures.
	if (failures.length || exitCode) {
		const warnings = server.output().split("\n").filter((l) => /warn|error/i.test(l));
		if (warnings.length) console.log("server warnings:\n  " + warnings.slice(0, 20).join("\n  "));
	}
	await server.stop();
}
console.log(failures.length || exitCode ? `soak: FAILED (${failures.length} failures; replay with --seed ${seed})` : "soak: passed");
process.exit(exitCode);
