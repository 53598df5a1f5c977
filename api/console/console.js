// SPDX-License-Identifier: MIT
// The sandbox console's logic. Softphones talk to the GWS API (/api/v2) and
// receive notifications through the server's CometD endpoint with the official
// cometd client; the switch view and the control forms use /sim/v1.
//
// Several agents in one page: a browser has one cookie jar, so every agent
// panel sends its own HTTP Basic credentials with every request (GWS calls and
// Bayeux POSTs alike) instead of relying on the shared JSESSIONID cookie. The
// server then authenticates each request as that panel's user. The panels also
// share the BAYEUX_BROWSER cookie: only one of them holds a long poll at a time,
// the others are told to poll ("multiple-clients" advice), which is slower but
// loses nothing.
import { CometD } from "./vendor/cometd/cometd.js";

const $ = (root, testId) => root.querySelector(`[data-testid="${testId}"]`);
const page = document;

// ---------------------------------------------------------------- helpers

function setStatus(text, isError = false) {
	const status = $(page, "status");
	status.textContent = text;
	status.classList.toggle("error", isError);
}

/** fetch + JSON; throws with the server's statusMessage on a non-2xx answer. */
async function requestJson(method, url, body, headers = {}) {
	const init = { method, headers: { Accept: "application/json", ...headers }, credentials: "same-origin" };
	if (body !== undefined) {
		init.headers["Content-Type"] = "application/json";
		init.body = JSON.stringify(body);
	}
	const response = await fetch(url, init);
	const text = await response.text();
	let json;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined;
	}
	if (!response.ok) {
		const message = json?.statusMessage ?? text ?? response.statusText;
		throw new Error(`${method} ${url}: ${response.status} ${message}`);
	}
	return { json, response };
}

function phoneNumbersOf(call) {
	return (call.participants ?? []).map((p) => (typeof p === "string" ? p : p.phoneNumber));
}

function formatUserData(userData) {
	if (!userData || Object.keys(userData).length === 0) return "";
	return Object.entries(userData).map(([k, v]) => `${k}=${v}`).join(", ");
}

function cell(row, text, testId) {
	const td = row.insertCell();
	td.textContent = text ?? "";
	if (testId) td.dataset.testid = testId;
	return td;
}

// ---------------------------------------------------------------- event log

const eventLog = $(page, "event-log");
const maxLogEntries = 500;

function logEvent(source, summary, detail) {
	const item = document.createElement("li");
	item.dataset.testid = "log-entry";
	const details = document.createElement("details");
	const head = document.createElement("summary");
	const time = new Date().toISOString().slice(11, 23);
	head.textContent = `${time} ${source} ${summary}`;
	const pre = document.createElement("pre");
	pre.textContent = JSON.stringify(detail, null, 2);
	details.append(head, pre);
	item.append(details);
	const atBottom = eventLog.scrollTop + eventLog.clientHeight >= eventLog.scrollHeight - 4;
	eventLog.append(item);
	while (eventLog.children.length > maxLogEntries) eventLog.firstElementChild.remove();
	if (atBottom) eventLog.scrollTop = eventLog.scrollHeight;
}

$(page, "log-clear").addEventListener("click", () => eventLog.replaceChildren());

// ---------------------------------------------------------------- switch view

let refreshQueued = false;
let refreshRunning = false;

/** Coalesces refresh requests: at most one GET /sim/v1/state in flight. */
function refreshSwitch() {
	if (refreshRunning) {
		refreshQueued = true;
		return;
	}
	refreshRunning = true;
	requestJson("GET", "/sim/v1/state")
		.then(({ json }) => renderSwitch(json))
		.catch((e) => setStatus(e.message, true))
		.finally(() => {
			refreshRunning = false;
			if (refreshQueued) {
				refreshQueued = false;
				refreshSwitch();
			}
		});
}

function renderSwitch(state) {
	$(page, "clock").textContent = `${new Date(state.now).toISOString()}${state.virtual ? " (virtual)" : ""}`;
	const onCall = new Set();
	const calls = $(page, "switch-calls").tBodies[0];
	calls.replaceChildren();
	for (const call of state.calls ?? []) {
		const row = calls.insertRow();
		row.dataset.testid = "switch-call";
		row.dataset.connId = call.connId;
		cell(row, call.connId);
		cell(row, call.callType);
		cell(row, `${call.ani ?? ""} → ${call.dnis ?? ""}`);
		const parties = cell(row, "", "switch-call-parties");
		for (const party of call.parties ?? []) {
			onCall.add(party.dn);
			const span = document.createElement("span");
			span.className = `party ${party.state}`;
			span.dataset.testid = "switch-party";
			span.textContent = `${party.dn} ${party.state}${party.muted ? " (muted)" : ""}`;
			parties.append(span);
		}
		cell(row, formatUserData(call.userData), "switch-call-userdata");
	}
	const showAll = $(page, "show-all-dns").checked;
	const dns = $(page, "switch-dns").tBodies[0];
	dns.replaceChildren();
	for (const dn of state.dns ?? []) {
		const interesting = onCall.has(dn.dn) || (dn.agentState && dn.agentState !== "LoggedOut") || dn.dnd;
		if (!showAll && !interesting) continue;
		const row = dns.insertRow();
		row.dataset.testid = `dn-${dn.dn}`;
		cell(row, dn.dn);
		cell(row, dn.type);
		cell(row, dn.agentId);
		cell(row, dn.agentState, "dn-agent-state").className = `agent-state ${dn.agentState ?? ""}`;
		cell(row, dn.workMode);
		cell(row, dn.dnd ? "on" : "");
	}
}

$(page, "show-all-dns").addEventListener("change", refreshSwitch);
setInterval(refreshSwitch, 2000);

// ---------------------------------------------------------------- control forms

async function control(method, path, body, what) {
	try {
		const { json } = await requestJson(method, path, body);
		setStatus(`${what}: ${JSON.stringify(json)}`);
		logEvent("control", what, json);
		return json;
	} catch (e) {
		setStatus(`${what}: ${e.message}`, true);
		logEvent("control", `${what} failed`, { error: e.message });
		return undefined;
	} finally {
		refreshSwitch();
	}
}

$(page, "inject-form").addEventListener("submit", (event) => {
	event.preventDefault();
	const form = event.target.elements;
	const body = { from: form.from.value.trim(), to: form.to.value.trim() };
	const userData = form.userData.value.trim();
	if (userData) {
		try {
			body.userData = JSON.parse(userData);
		} catch (e) {
			setStatus(`user data is not JSON: ${e.message}`, true);
			return;
		}
	}
	control("POST", "/sim/v1/calls", body, `inject call ${body.from} → ${body.to}`);
});

$(page, "party-form").addEventListener("click", (event) => {
	const action = event.target.dataset?.action;
	if (!action) return;
	const form = event.currentTarget.elements;
	const dn = form.dn.value.trim();
	const body = {};
	if (form.connId.value.trim()) body.connId = form.connId.value.trim();
	if (action === "dtmf") body.digits = form.digits.value.trim();
	control("POST", `/sim/v1/parties/${encodeURIComponent(dn)}/${action}`, body, `party ${dn} ${action}`);
});

$(page, "behaviour-form").addEventListener("submit", (event) => {
	event.preventDefault();
	const form = event.target.elements;
	const dn = form.dn.value.trim();
	const body = { behaviour: form.behaviour.value, answerDelayMs: Number(form.answerDelayMs.value) || 0 };
	control("PUT", `/sim/v1/dns/${encodeURIComponent(dn)}/behaviour`, body, `behaviour ${dn} ${body.behaviour}`);
});

$(page, "clock-form").addEventListener("submit", (event) => {
	event.preventDefault();
	const advance = Number(event.target.elements.advance.value);
	control("POST", "/sim/v1/clock", { advance }, `clock +${advance} ms`);
});

$(page, "reset-button").addEventListener("click", async () => {
	for (const panel of [...panels]) panel.close();
	await control("POST", "/sim/v1/reset", undefined, "reset");
});

// ---------------------------------------------------------------- agent softphones

const panels = new Set();

class AgentPanel {
	constructor(userName, password) {
		this.userName = userName;
		this.authorization = "Basic " + btoa(`${userName}:${password}`);
		this.calls = new Map(); // call id -> call resource
		this.device = undefined;
		this.csrfToken = undefined;
		this.root = document.getElementById("agent-panel").content.firstElementChild.cloneNode(true);
		this.root.dataset.user = userName;
		$(this.root, "agent-name").textContent = userName;
		$(this.root, "ready").addEventListener("click", () => this.setState("Ready"));
		$(this.root, "not-ready").addEventListener("click", () => this.setState("NotReady"));
		$(this.root, "dial").addEventListener("click", () => this.dial($(this.root, "dial-destination").value.trim()));
		$(this.root, "logout").addEventListener("click", () => this.logout());
		$(page, "agent-panels").append(this.root);
		panels.add(this);
	}

	/** A GWS request as this agent; remembers the CSRF token when the server uses one. */
	async gws(method, path, body) {
		const headers = { Authorization: this.authorization };
		if (this.csrfToken) headers["X-CSRF-TOKEN"] = this.csrfToken;
		const { json, response } = await requestJson(method, "/api/v2" + path, body, headers);
		const token = response.headers.get("X-CSRF-TOKEN");
		if (token) this.csrfToken = token;
		return json;
	}

	/** The GWS session order of a real agent desktop: GET /me, handshake, subscribe, start the session. */
	async login() {
		const me = await this.gws("GET", "/me?subresources=*");
		$(this.root, "agent-name").textContent = me.user.userName;
		await this.connectCometD();
		await this.gws("POST", "/me", { operationName: "StartContactCenterSession", channels: ["voice"] });
		const devices = await this.gws("GET", "/me/devices?fields=*");
		this.updateDevice(devices.devices?.[0]);
		const calls = await this.gws("GET", "/me/calls?fields=*");
		for (const call of calls.calls ?? []) this.calls.set(call.id, call);
		this.renderCalls();
	}

	connectCometD() {
		const cometd = new CometD(this.userName);
		cometd.unregisterTransport("websocket");
		cometd.unregisterTransport("callback-polling");
		cometd.configure({
			url: location.origin + "/api/v2/notifications",
			requestHeaders: { Authorization: this.authorization },
			logLevel: "warn",
		});
		cometd.addListener("/meta/connect", (message) => {
			$(this.root, "agent-cometd").textContent = message.successful ? "connected" : "reconnecting";
		});
		this.cometd = cometd;
		return new Promise((resolve, reject) => {
			cometd.handshake((reply) => {
				if (!reply.successful) {
					reject(new Error("CometD handshake failed: " + (reply.error ?? JSON.stringify(reply.failure))));
					return;
				}
				cometd.subscribe("/v2/me/*", (message) => this.onNotification(message), (sub) => {
					if (sub.successful) resolve();
					else reject(new Error("CometD subscribe failed: " + sub.error));
				});
			});
		});
	}

	onNotification(message) {
		const data = message.data ?? {};
		let summary = `${message.channel} ${data.messageType ?? ""}`;
		if (data.messageType === "CallStateChangeMessage") {
			const call = data.call;
			summary += ` ${data.notificationType} ${call.state} [${phoneNumbersOf(call).join(", ")}]`;
			if (call.state === "Released") this.calls.delete(call.id);
			else this.calls.set(call.id, call);
			this.renderCalls();
		} else if (data.messageType === "DeviceStateChangeMessage") {
			const device = data.devices?.[0];
			summary += ` ${device?.userState?.state ?? ""}`;
			this.updateDevice(device);
		}
		logEvent(this.userName, summary, message);
		refreshSwitch();
	}

	updateDevice(device) {
		if (!device) return;
		this.device = device;
		$(this.root, "agent-dn").textContent = device.phoneNumber ?? "";
		const state = device.userState?.state ?? "LoggedOut";
		const badge = $(this.root, "agent-state");
		badge.textContent = state;
		badge.className = `state ${state}`;
	}

	async run(what, action) {
		try {
			await action();
			setStatus(`${this.userName}: ${what}`);
		} catch (e) {
			setStatus(`${this.userName}: ${what}: ${e.message}`, true);
			logEvent(this.userName, `${what} failed`, { error: e.message });
		}
	}

	setState(state) {
		return this.run(state, () => this.gws("POST", "/me/channels/voice", { operationName: state }));
	}

	dial(destination) {
		return this.run(`Dial ${destination}`, () => this.gws("POST", `/me/devices/${this.device.id}/calls`,
			{ operationName: "Dial", destination: { phoneNumber: destination } }));
	}

	callOperation(call, operationName, destination) {
		const body = { operationName };
		if (destination !== undefined) body.destination = { phoneNumber: destination };
		return this.run(`${operationName} ${destination ?? ""}`.trim(),
			() => this.gws("POST", `/me/calls/${call.id}`, body));
	}

	renderCalls() {
		const container = $(this.root, "agent-calls");
		const template = document.getElementById("call-card").content.firstElementChild;
		const cards = new Map([...container.children].map((card) => [card.dataset.callId, card]));
		for (const [id, call] of this.calls) {
			let card = cards.get(id);
			cards.delete(id);
			if (!card) {
				card = template.cloneNode(true);
				card.dataset.callId = id;
				card.addEventListener("click", (event) => {
					const op = event.target.dataset?.op;
					if (!op) return;
					const dest = "dest" in event.target.dataset ? $(card, "call-destination").value.trim() : undefined;
					this.callOperation(this.calls.get(id), op, dest);
				});
				container.append(card);
			}
			card.dataset.state = call.state;
			$(card, "call-state").textContent = call.state;
			$(card, "call-type").textContent = call.callType ?? "";
			$(card, "call-connid").textContent = call.connId ?? "";
			$(card, "call-participants").textContent = phoneNumbersOf(call).join(", ");
			$(card, "call-userdata").textContent = formatUserData(call.userData);
			const capabilities = new Set(call.capabilities ?? []);
			for (const button of card.querySelectorAll("button[data-op]"))
				button.disabled = !capabilities.has(button.dataset.op);
		}
		for (const card of cards.values()) card.remove();
	}

	async logout() {
		await this.run("EndContactCenterSession",
			() => this.gws("POST", "/me", { operationName: "EndContactCenterSession" }));
		this.close();
	}

	/** Forgets the panel (after a logout or a reset). */
	close() {
		panels.delete(this);
		if (this.cometd) this.cometd.disconnect();
		this.root.remove();
	}
}

$(page, "login-form").addEventListener("submit", async (event) => {
	event.preventDefault();
	const form = event.target.elements;
	const userName = form.user.value.trim();
	if ([...panels].some((p) => p.userName === userName)) {
		setStatus(`${userName} is already logged in here`, true);
		return;
	}
	const panel = new AgentPanel(userName, form.password.value);
	try {
		await panel.login();
		setStatus(`${userName} logged in`);
		const next = /^(.*?)(\d+)$/.exec(userName);
		if (next) form.user.value = next[1] + (Number(next[2]) + 1);
	} catch (e) {
		panel.close();
		setStatus(`login ${userName}: ${e.message}`, true);
	}
	refreshSwitch();
});

refreshSwitch();
