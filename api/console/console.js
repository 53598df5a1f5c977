// SPDX-License-Identifier: MIT
// The sandbox console's entry point. Softphones (agent_panel.js) talk to the
// GWS API (/api/v2) and receive notifications through the server's CometD
// endpoint with the official cometd client; the switch view, the journal and
// the control forms use /sim/v1. Plain ES modules, no build step.
import { $, page, setStatus } from "./page.js";
import { refreshSwitch } from "./switch_view.js";
import { AgentPanel, panels } from "./agent_panel.js";
import "./control_forms.js";

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
