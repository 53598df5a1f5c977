// SPDX-License-Identifier: MIT
// One call of a softphone as a card: its state, participants and user data,
// and a button per call operation, enabled by the call's capabilities. The
// supervisor's and the recording buttons are optional features: their rows
// appear only when the server offers them on this call.
import { $, fromTemplate, phoneNumbersOf } from "./page.js";

const recordingOps = ["StartCallRecording", "PauseCallRecording", "ResumeCallRecording", "StopCallRecording"];

/**
 * Whether this is a supervisor's monitoring call. GWS lists SwitchToListenIn or
 * SwitchToBargeIn only there (desktop-fidelity.md §6.4); monitoredUserMuted can
 * only be true there.
 */
export function isMonitoringCall(call) {
	const capabilities = call.capabilities ?? [];
	return call.monitoring === true || call.monitoredUserMuted === true ||
		capabilities.includes("SwitchToListenIn") || capabilities.includes("SwitchToBargeIn");
}

/** The body of a call operation, from the inputs of the call's card; calls: the softphone's other calls. */
export function operationBody(operationName, card, call, calls, button) {
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
		const others = [...calls.values()].filter((c) => c.id !== call.id);
		if (others.length === 1) body.otherCallUri = others[0].uri;
		break;
	}
	}
	return body;
}

export function renderCard(card, call) {
	card.dataset.state = call.state;
	card.dataset.callType = call.callType ?? "";
	const muted = call.mute === "On" || call.mute === true;
	card.dataset.muted = String(muted);
	$(card, "call-state").textContent = call.state;
	$(card, "call-mute").hidden = !muted;
	$(card, "call-type").textContent = call.callType ?? "";
	$(card, "call-connid").textContent = call.connId ?? "";
	$(card, "call-participants").textContent = phoneNumbersOf(call).join(", ");
	const pairs = Object.entries(call.userData ?? {}).map(([key, value]) => {
		const pair = fromTemplate("userdata-pair");
		pair.dataset.key = key;
		$(pair, "userdata-text").textContent = `${key}=${value}`;
		return pair;
	});
	$(card, "call-userdata").replaceChildren(...pairs);
	const capabilities = new Set(call.capabilities ?? []);
	for (const button of card.querySelectorAll(".ops button[data-op]"))
		button.disabled = !capabilities.has(button.dataset.op);
	renderSupervision(card, call, capabilities);
	renderRecording(card, call, capabilities);
}

/**
 * The supervisor's side (monitoring call: switch mode, mute the agent) and the
 * agent's (a supervisor listens in). GWS does not list Mute/UnmuteMonitoredUser
 * in capabilities (§6.4): they follow monitoredUserMuted instead.
 */
function renderSupervision(card, call, capabilities) {
	const monitoring = isMonitoringCall(call);
	card.dataset.monitoring = String(monitoring);
	$(card, "call-monitoring").hidden = !monitoring;
	$(card, "call-supervised").hidden = call.supervisorListeningIn !== true;
	$(card, "call-monitored-muted").hidden = call.monitoredUserMuted !== true;
	$(card, "call-supervisor-ops").hidden = !monitoring;
	for (const op of ["SwitchToListenIn", "SwitchToBargeIn"])
		$(card, `op-${op}`).hidden = !capabilities.has(op);
	$(card, "op-MuteMonitoredUser").hidden = !monitoring || call.monitoredUserMuted === true;
	$(card, "op-UnmuteMonitoredUser").hidden = !monitoring || call.monitoredUserMuted !== true;
}

/** Recording: shown only where the server writes recordingState or offers a recording operation. */
function renderRecording(card, call, capabilities) {
	const offered = recordingOps.filter((op) => capabilities.has(op));
	const recordingState = call.recordingState;
	card.dataset.recordingState = recordingState ?? "";
	$(card, "call-recording").hidden = recordingState === undefined;
	$(card, "call-recording").textContent = recordingState ? `recording: ${recordingState}` : "";
	$(card, "call-recording-ops").hidden = offered.length === 0;
	for (const op of recordingOps) $(card, `op-${op}`).hidden = !offered.includes(op);
}
