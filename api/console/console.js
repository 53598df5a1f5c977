// SPDX-License-Identifier: MIT
// The sandbox console's logic. Softphones talk to the GWS API (/api/v2) and
// receive notifications through the server's CometD endpoint with the official
// cometd client; the switch view, the journal and the control forms use /sim/v1.
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

/** A non-2xx answer: the HTTP status, the body's statusCode and its statusMessage. */
class ApiError extends Error {
	constructor(method, url, status, json, text) {
		const message = json?.statusMessage ?? (text || String(status));
		super(`${method} ${url}: ${status} ${message}`);
		this.status = status;
		this.statusCode = json?.statusCode;
		this.statusMessage = message;
	}
}

/** fetch + JSON; throws an ApiError with the server's statusMessage on a non-2xx answer. */
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
	if (!response.ok) throw new ApiError(method, url, response.status, json, text);
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

/** Wraps an async task so that calls coalesce: one run at a time, one more queued at most. */
function coalesced(task) {
	let running = false;
	let queued = false;
	const run = () => {
		if (running) {
			queued = true;
			return;
		}
		running = true;
		task().finally(() => {
			running = false;
			if (queued) {
				queued = false;
				run();
			}
		});
	};
	return run;
}

const refreshSwitchNow = coalesced(() => requestJson("GET", "/sim/v1/state")
	.then(({ json }) => renderSwitch(json))
	.catch((e) => setStatus(e.message, true)));

/** The switch view and the journal after anything that may have changed them. */
function refreshSwitch() {
	refreshSwitchNow();
	refreshJournal();
}

function renderSwitch(state) {
	$(page, "clock").textContent = `${new Date(state.now).toISOString()}${state.virtualClock ? " (virtual)" : ""}`;
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

// ---------------------------------------------------------------- journal

const journalBody = $(page, "journal").tBodies[0];
const journalRows = $(page, "journal").parentElement;
const maxJournalRows = 500;
// refused: the server refused the filter (HTTP 400); not asked again until it changes.
const journal = { after: undefined, query: "", dropped: 0, refused: false };

/** What an entry is, in a few words: the request, event or result it records. */
function journalSummary(entry) {
	const data = entry.data ?? {};
	let name = data.event ?? data.request ?? data.control ?? data.kind ?? data.type ?? "";
	if (data.control && data.dn) name += ` ${data.dn}`;
	const result = data.result;
	const error = result?.errorCode ?? data.errorCode;
	if (entry.kind === "result" && error)
		return `${name} failed: ${result?.errorMessage ?? data.errorMessage ?? ""} (error ${error})`;
	return name || JSON.stringify(data).slice(0, 80);
}

function showJournalError(text) {
	const box = $(page, "journal-error");
	box.hidden = text === undefined;
	box.textContent = text ?? "";
}

function appendJournal(entries) {
	const atBottom = journalRows.scrollTop + journalRows.clientHeight >= journalRows.scrollHeight - 4;
	for (const entry of entries) {
		const row = journalBody.insertRow();
		row.dataset.testid = "journal-entry";
		row.dataset.seq = entry.seq;
		row.className = entry.kind;
		const summary = journalSummary(entry);
		if (/ failed: /.test(summary)) row.classList.add("failed");
		cell(row, String(entry.seq));
		cell(row, new Date(entry.time).toISOString().slice(11, 23));
		cell(row, entry.kind, "journal-kind");
		const what = cell(row, "", "journal-what");
		what.className = "what";
		const details = document.createElement("details");
		const head = document.createElement("summary");
		head.textContent = summary;
		const pre = document.createElement("pre");
		pre.textContent = JSON.stringify(entry.data, null, 2);
		details.append(head, pre);
		what.append(details);
		cell(row, (entry.dns ?? []).join(" "), "journal-dns");
		cell(row, (entry.connIds ?? []).join(" "), "journal-connids");
	}
	while (journalBody.rows.length > maxJournalRows) journalBody.deleteRow(0);
	if (atBottom) journalRows.scrollTop = journalRows.scrollHeight;
}

/**
 * Fetches what is new in GET /sim/v1/journal: first the newest entries, then
 * everything after the last seq seen. A reset starts a new journal (its seq
 * goes back): the view starts again.
 */
const refreshJournal = coalesced(async () => {
	if (journal.refused || (!$(page, "journal-follow").checked && journal.after !== undefined)) return;
	const first = journal.after === undefined;
	const params = new URLSearchParams(journal.query);
	if (first) params.set("limit", "200");
	else params.set("after", String(journal.after));
	try {
		const { json } = await requestJson("GET", `/sim/v1/journal?${params}`);
		const entries = json.entries ?? [];
		if (!first && json.lastSeq < journal.after) {
			journal.after = undefined;
			journalBody.replaceChildren();
			refreshJournal();
			return;
		}
		showJournalError(undefined);
		appendJournal(entries);
		journal.dropped += json.dropped ?? 0;
		journal.after = Math.max(json.lastSeq ?? 0, entries.at(-1)?.seq ?? 0, journal.after ?? 0);
		$(page, "journal-info").textContent =
			`up to seq ${journal.after}${journal.dropped ? `, ${journal.dropped} dropped (the journal is bounded)` : ""}`;
	} catch (e) {
		journal.refused = e instanceof ApiError && e.status === 400;
		showJournalError(`journal: ${e.statusMessage ?? e.message}`);
	}
});

$(page, "journal-form").addEventListener("submit", (event) => {
	event.preventDefault();
	const form = event.target.elements;
	const params = new URLSearchParams();
	if (form.dn.value.trim()) params.set("dn", form.dn.value.trim());
	if (form.connId.value.trim()) params.set("connId", form.connId.value.trim());
	journal.query = params.toString();
	journal.after = undefined;
	journal.dropped = 0;
	journal.refused = false;
	journalBody.replaceChildren();
	refreshJournal();
});
$(page, "journal-follow").addEventListener("change", refreshJournal);

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
	// A reset starts a new journal, whose seq may already be past ours: start again.
	journal.after = undefined;
	journalBody.replaceChildren();
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
		$(this.root, "agent-error-dismiss").addEventListener("click", () => this.showError(undefined));
		$(page, "agent-panels").append(this.root);
		panels.add(this);
	}

	/**
	 * A GWS request as this agent; remembers the CSRF token when the server uses one.
	 *
	 * The panels share the page's cookie jar, so another panel's request can replace
	 * JSESSIONID with its own user's session. This panel's next request (cookie of
	 * another user + our Basic credentials) then gets a fresh session whose CSRF
	 * token we do not have, and a write fails with 403 before anything happens. A GET
	 * fetches the token of that session (and puts its cookie back); then retry.
	 */
	async gws(method, path, body) {
		for (let attempt = 1; ; ++attempt) {
			try {
				return await this.gwsOnce(method, path, body);
			} catch (e) {
				const csrf = e instanceof ApiError && e.status === 403 && e.statusCode === 3;
				if (!csrf || method === "GET" || attempt === 3) throw e;
				await this.gwsOnce("GET", "/me");
			}
		}
	}

	async gwsOnce(method, path, body) {
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
		await this.syncCalls();
	}

	/**
	 * Reloads the call list from GET /me/calls. Needed when a consult call is merged
	 * into another call: the server drops the old call without a Released
	 * notification and the merged call arrives under another id. Only calls known
	 * before the request are dropped, so a notification that arrives meanwhile wins.
	 */
	async syncCalls() {
		const before = new Set(this.calls.keys());
		const { calls = [] } = await this.gws("GET", "/me/calls?fields=*");
		const listed = new Set(calls.map((call) => call.id));
		for (const id of before) if (!listed.has(id)) this.calls.delete(id);
		for (const call of calls) if (!before.has(call.id) && !this.calls.has(call.id)) this.calls.set(call.id, call);
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
		if (data.notificationType === "Error") {
			// A request GWS accepted but the switch refused (or an error on our DN).
			summary += ` ${data.operationName ?? ""} ${data.errorCode ?? ""} ${data.errorMessage ?? ""}`;
			this.showError(`${data.operationName ?? "request"}: ${data.errorMessage ?? "error"} (error ${data.errorCode ?? "?"})`);
		} else if (data.messageType === "CallStateChangeMessage") {
			const call = data.call;
			summary += ` ${data.notificationType} ${call.state} [${phoneNumbersOf(call).join(", ")}]`;
			if (data.notificationType === "DtmfSent") summary += " DTMF";
			const merged = data.notificationType === "ParticipantsUpdated" && !this.calls.has(call.id);
			if (call.state === "Released") this.calls.delete(call.id);
			else this.calls.set(call.id, call);
			this.renderCalls();
			if (merged) this.syncCalls().catch((e) => this.showError(`reload calls: ${e.message}`));
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

	/** Shows an error in this panel until dismissed or the next request starts (undefined hides it). */
	showError(text) {
		const box = $(this.root, "agent-error");
		box.hidden = text === undefined;
		$(this.root, "agent-error-text").textContent = text ?? "";
	}

	/**
	 * Runs one request of the panel. The previous error goes when the request
	 * starts, not when it succeeds: a switch refusal arrives as an Error
	 * notification, possibly before the request's own {"statusCode":0}.
	 */
	async run(what, action) {
		this.showError(undefined);
		try {
			await action();
			setStatus(`${this.userName}: ${what}`);
		} catch (e) {
			this.showError(`${what}: ${e.statusMessage ?? e.message}`);
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

	/** The body of a call operation, from the inputs of the call's card. */
	operationBody(operationName, card, call, button) {
		const body = { operationName };
		const value = (testId) => $(card, testId).value.trim();
		switch (operationName) {
		case "SingleStepConference": case "InitiateConference":
		case "SingleStepTransfer": case "InitiateTransfer":
			body.destination = { phoneNumber: value("call-destination") };
			break;
		case "SendDtmf":
			body.digits = value("call-digits");
			break;
		case "AttachUserData": case "UpdateUserData":
			body.userData = { [value("userdata-key")]: value("userdata-value") };
			break;
		case "DeleteUserDataPair":
			body.key = button.closest('[data-testid="userdata-pair"]').dataset.key;
			break;
		case "SwapCalls": {
			const others = [...this.calls.values()].filter((c) => c.id !== call.id);
			if (others.length === 1) body.otherCallUri = others[0].uri;
			break;
		}
		}
		return body;
	}

	callOperation(call, body) {
		const what = [body.operationName, body.destination?.phoneNumber ?? body.digits ?? body.key ??
			(body.userData && formatUserData(body.userData))].filter(Boolean).join(" ");
		return this.run(what, () => this.gws("POST", `/me/calls/${call.id}`, body));
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
					const button = event.target.closest("button[data-op]");
					if (!button || button.disabled) return;
					const current = this.calls.get(id);
					this.callOperation(current, this.operationBody(button.dataset.op, card, current, button));
				});
				container.append(card);
			}
			this.renderCard(card, call);
		}
		for (const card of cards.values()) card.remove();
	}

	renderCard(card, call) {
		card.dataset.state = call.state;
		card.dataset.callType = call.callType ?? "";
		const muted = call.mute === "On" || call.mute === true;
		card.dataset.muted = String(muted);
		$(card, "call-state").textContent = call.state;
		$(card, "call-mute").hidden = !muted;
		$(card, "call-type").textContent = call.callType ?? "";
		$(card, "call-connid").textContent = call.connId ?? "";
		$(card, "call-participants").textContent = phoneNumbersOf(call).join(", ");
		const pairTemplate = document.getElementById("userdata-pair").content.firstElementChild;
		const pairs = Object.entries(call.userData ?? {}).map(([key, value]) => {
			const pair = pairTemplate.cloneNode(true);
			pair.dataset.key = key;
			$(pair, "userdata-text").textContent = `${key}=${value}`;
			return pair;
		});
		$(card, "call-userdata").replaceChildren(...pairs);
		const capabilities = new Set(call.capabilities ?? []);
		for (const button of card.querySelectorAll("button[data-op]"))
			button.disabled = !capabilities.has(button.dataset.op);
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
