// SPDX-License-Identifier: MIT
// The supervisor's part of a softphone: pick an agent's device, ListenIn /
// Coach / BargeIn it with a scope and a mode, cancel; the device's
// supervisorMonitoringState says what is set up (desktop-fidelity.md §6.2).
// Shown only while the supervisor's device offers one of these operations.
// The monitored call itself arrives as one of the supervisor's calls (its card
// has the SwitchTo* and Mute/UnmuteMonitoredUser buttons, call_card.js).
import { $ } from "./page.js";

const monitorOps = ["ListenIn", "Coach", "BargeIn"];
const cancelOp = "CancelSupervisorMonitoring";

export class SupervisorPanel {
	/** panel: the AgentPanel (its gws() and run()); others(): the other panels of the page. */
	constructor(panel, root, others) {
		this.panel = panel;
		this.root = $(root, "supervisor-panel");
		this.others = others;
		this.device = undefined;
		this.root.addEventListener("click", (event) => {
			const button = event.target.closest("button[data-sup-op]");
			if (button && !button.disabled) this.operation(button.dataset.supOp);
		});
	}

	/** The target's device URI: the one typed in, else the chosen agent's (device resources carry no uri). */
	targetDeviceUri() {
		const typed = $(this.root, "sup-target-uri").value.trim();
		const chosen = $(this.root, "sup-target").value;
		return typed || (chosen && `${location.origin}/api/v2/devices/${chosen}`);
	}

	operation(operationName) {
		const body = { operationName };
		if (operationName !== cancelOp) {
			body.targetDeviceUri = this.targetDeviceUri();
			body.supervisorMonitoringScope = $(this.root, "sup-scope").value;
			body.supervisorMonitoringMode = $(this.root, "sup-mode").value;
		}
		const what = [operationName, body.targetDeviceUri && this.describe(body.targetDeviceUri)].filter(Boolean).join(" ");
		return this.panel.run(what, () => this.panel.gws("POST", `/me/devices/${this.device.id}`, body));
	}

	/** "agent15000 (15000)" for a device of a panel in this page, else the URI. GWS reads only its last segment, the id. */
	describe(deviceUri) {
		const id = deviceUri.split("/").at(-1);
		const owner = this.others().find((p) => p.device?.id === id);
		return owner ? `${owner.userName} (${owner.device.phoneNumber})` : deviceUri;
	}

	/** The agents' devices in this page, as the target menu (kept on the same choice). */
	refreshTargets() {
		const select = $(this.root, "sup-target");
		const chosen = select.value;
		const options = this.others().filter((p) => p.device?.id).map((p) => {
			const option = document.createElement("option");
			option.value = p.device.id;
			option.textContent = `${p.userName} (${p.device.phoneNumber})`;
			return option;
		});
		select.replaceChildren(...options);
		if (options.some((o) => o.value === chosen)) select.value = chosen;
	}

	show(device) {
		this.device = device;
		const capabilities = new Set(device?.capabilities ?? []);
		const monitoringState = device?.supervisorMonitoringState;
		this.root.hidden = ![...monitorOps, cancelOp].some((op) => capabilities.has(op)) && !monitoringState;
		for (const button of this.root.querySelectorAll("button[data-sup-op]"))
			button.disabled = !capabilities.has(button.dataset.supOp);
		const state = $(this.root, "sup-state");
		this.root.dataset.monitoring = monitoringState?.state ?? "";
		state.textContent = monitoringState
			? `${monitoringState.state} ${this.describe(monitoringState.targetDeviceUri)}, ` +
			  `mode ${monitoringState.mode}, scope ${monitoringState.scope}`
			: "not monitoring";
		this.refreshTargets();
	}
}
