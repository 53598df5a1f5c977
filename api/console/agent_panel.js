// SPDX-License-Identifier: MIT
// A softphone: one user logged in through the GWS API (/api/v2) with its own
// CometD client, its agent state, its calls and, for a supervisor, monitoring.
//
// Several agents in one page: a browser has one cookie jar, so every agent
// panel sends its own HTTP Basic credentials with every request (GWS calls and
// Bayeux POSTs alike) instead of relying on the shared JSESSIONID cookie. The
// server then authenticates each request as that panel's user. The panels also
// share the BAYEUX_BROWSER cookie: only one of them holds a long poll at a time,
// the others are told to poll ("multiple-clients" advice), which is slower but
// loses nothing.
import { CometD } from "./vendor/cometd/cometd.js";
import { ApiError, requestJson } from "./http.js";
import { $, page, fromTemplate, setStatus, logEvent, phoneNumbersOf, formatUserData } from "./page.js";
import { refreshSwitch } from "./switch_view.js";
import { renderCard, operationBody } from "./call_card.js";
import { StateMenu } from "./state_menu.js";
import { SupervisorPanel } from "./supervisor_panel.js";

/** The softphones of the page. */
export const panels = new Set();

/** Tells every supervisor panel that the page's agents or their devices changed. */
function panelsChanged() {
	for (const panel of panels) panel.supervisor.refreshTargets();
}

export class AgentPanel {
	constructor(userName, password) {
		this.userName = userName;
		this.authorization = "Basic " + btoa(`${userName}:${password}`);
		this.calls = new Map(); // call id -> call resource
		this.device = undefined;
		this.csrfToken = undefined;
		this.root = fromTemplate("agent-panel");
		this.root.dataset.user = userName;
		$(this.root, "agent-name").textContent = userName;
		$(this.root, "ready").addEventListener("click", () => this.setState("Ready"));
		$(this.root, "not-ready").addEventListener("click", () => this.setState("NotReady"));
		$(this.root, "dial").addEventListener("click", () => this.dial($(this.root, "dial-destination").value.trim()));
		$(this.root, "logout").addEventListener("click", () => this.logout());
		$(this.root, "agent-error-dismiss").addEventListener("click", () => this.showError(undefined));
		this.stateMenu = new StateMenu(this, this.root);
		this.supervisor = new SupervisorPanel(this, this.root, () => [...panels].filter((p) => p !== this));
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
		this.root.dataset.roles = (me.user.roles ?? []).join(" ");
		await this.stateMenu.load();
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
			if (call.recordingState) summary += ` recording ${call.recordingState}`;
			if (data.notificationType === "DtmfSent") summary += " DTMF";
			const merged = data.notificationType === "ParticipantsUpdated" && !this.calls.has(call.id);
			if (call.state === "Released") this.calls.delete(call.id);
			else this.calls.set(call.id, call);
			this.renderCalls();
			if (merged) this.syncCalls().catch((e) => this.showError(`reload calls: ${e.message}`));
		} else if (data.messageType === "DeviceStateChangeMessage") {
			const device = data.devices?.[0];
			summary += ` ${device?.userState?.displayName ?? device?.userState?.state ?? ""}`;
			if (device?.supervisorMonitoringState) summary += ` monitoring ${device.supervisorMonitoringState.state}`;
			this.updateDevice(device);
		} else if (data.messageType === "ChannelStateChangeMessageV2") {
			summary += ` ${(data.channels ?? []).map((c) => `${c.channel} ${c.userState?.displayName ?? ""}`).join(", ")}`;
		}
		logEvent(this.userName, summary, message);
		refreshSwitch();
	}

	updateDevice(device) {
		if (!device) return;
		this.device = device;
		$(this.root, "agent-dn").textContent = device.phoneNumber ?? "";
		this.stateMenu.show(device);
		this.supervisor.show(device);
		panelsChanged();
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
	 * onError: what else to undo when the request is refused.
	 */
	async run(what, action, onError) {
		this.showError(undefined);
		try {
			await action();
			setStatus(`${this.userName}: ${what}`);
		} catch (e) {
			this.showError(`${what}: ${e.statusMessage ?? e.message}`);
			setStatus(`${this.userName}: ${what}: ${e.message}`, true);
			logEvent(this.userName, `${what} failed`, { error: e.message });
			onError?.();
		}
	}

	setState(state) {
		return this.run(state, () => this.gws("POST", "/me/channels/voice", { operationName: state }));
	}

	dial(destination) {
		return this.run(`Dial ${destination}`, () => this.gws("POST", `/me/devices/${this.device.id}/calls`,
			{ operationName: "Dial", destination: { phoneNumber: destination } }));
	}

	callOperation(call, body) {
		const what = [body.operationName, body.destination?.phoneNumber ?? body.digits ?? body.key ??
			(body.userData && formatUserData(body.userData))].filter(Boolean).join(" ");
		return this.run(what, () => this.gws("POST", `/me/calls/${call.id}`, body));
	}

	renderCalls() {
		const container = $(this.root, "agent-calls");
		const cards = new Map([...container.children].map((card) => [card.dataset.callId, card]));
		for (const [id, call] of this.calls) {
			let card = cards.get(id);
			cards.delete(id);
			if (!card) {
				card = fromTemplate("call-card");
				card.dataset.callId = id;
				card.addEventListener("click", (event) => {
					const button = event.target.closest("button[data-op]");
					if (!button || button.disabled) return;
					const current = this.calls.get(id);
					this.callOperation(current, operationBody(button.dataset.op, card, current, this.calls, button));
				});
				container.append(card);
			}
			renderCard(card, call);
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
		panelsChanged();
	}
}
