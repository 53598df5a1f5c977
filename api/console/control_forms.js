// SPDX-License-Identifier: MIT
// The control column: the sandbox's own API (/sim/v1) to inject calls, act as
// the remote party, set a DN's behaviour, advance the clock and reset.
import { requestJson } from "./http.js";
import { $, page, setStatus, logEvent } from "./page.js";
import { refreshSwitch } from "./switch_view.js";
import { restartJournal } from "./journal_view.js";
import { panels } from "./agent_panel.js";

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
	restartJournal();
	await control("POST", "/sim/v1/reset", undefined, "reset");
});
