// SPDX-License-Identifier: MIT
// A softphone's agent state as a real desktop shows it: the menu is the
// contact center's catalogue (GET /api/v2/settings/agent-states); choosing an
// entry POSTs its operationName to /api/v2/me/channels/voice; the current
// entry is the one whose displayName the device's userState carries (as the
// HTCC sample desktop matches it). Do-not-disturb goes through POST /api/v2/me.
import { $ } from "./page.js";

export class StateMenu {
	/** panel: the AgentPanel (its gws() and run()); root: the panel's element. */
	constructor(panel, root) {
		this.panel = panel;
		this.root = root;
		this.entries = [];
		this.device = undefined;
		this.select = $(root, "state-menu");
		this.select.addEventListener("change", () => this.choose(this.select.value));
		this.dnd = $(root, "dnd");
		this.dnd.addEventListener("click", () => this.toggleDnd());
	}

	/** Reads the catalogue and builds the menu, in the catalogue's order. */
	async load() {
		const { settings = [] } = await this.panel.gws("GET", "/settings/agent-states");
		this.entries = settings.filter((entry) => entry.operationName && entry.displayName);
		const unknown = document.createElement("option");
		unknown.value = "";
		unknown.textContent = "–";
		unknown.disabled = true;
		unknown.hidden = true;
		const options = this.entries.map((entry) => {
			const option = document.createElement("option");
			option.value = entry.operationName;
			option.textContent = entry.displayName;
			return option;
		});
		this.select.replaceChildren(unknown, ...options);
		this.show(this.device);
	}

	/** Shows the device's userState (state, displayName, reason) and its do-not-disturb. */
	show(device) {
		this.device = device;
		const userState = device?.userState ?? {};
		const state = userState.state ?? "LoggedOut";
		const badge = $(this.root, "agent-state");
		badge.textContent = state;
		badge.className = `state ${state}`;
		$(this.root, "agent-state-name").textContent = userState.displayName ?? "";
		$(this.root, "agent-state-reason").textContent = userState.reason ? `reason ${userState.reason}` : "";
		const current = this.entries.find((entry) => entry.displayName === userState.displayName);
		this.select.value = current?.operationName ?? "";
		this.select.disabled = this.entries.length === 0;

		const dndOn = device?.doNotDisturb === "On";
		const capabilities = device?.capabilities ?? [];
		this.dnd.hidden = !capabilities.includes(dndOn ? "DoNotDisturbOff" : "DoNotDisturbOn");
		this.dnd.setAttribute("aria-pressed", String(dndOn));
		this.dnd.textContent = dndOn ? "DND on" : "DND off";
		this.root.dataset.dnd = dndOn ? "On" : "Off";
	}

	choose(operationName) {
		const entry = this.entries.find((e) => e.operationName === operationName);
		if (!entry) return undefined;
		// Until the notification arrives the menu shows the chosen entry; a refusal puts the current one back.
		return this.panel.run(entry.displayName,
			() => this.panel.gws("POST", "/me/channels/voice", { operationName }),
			() => this.show(this.device));
	}

	toggleDnd() {
		const operationName = this.device?.doNotDisturb === "On" ? "DoNotDisturbOff" : "DoNotDisturbOn";
		return this.panel.run(operationName, () => this.panel.gws("POST", "/me", { operationName }));
	}
}
