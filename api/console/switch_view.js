// SPDX-License-Identifier: MIT
// The live view of the simulated switch (GET /sim/v1/state): its calls with
// their parties and user data, and its DNs.
import { requestJson } from "./http.js";
import { $, page, cell, setStatus, coalesced, formatUserData } from "./page.js";
import { refreshJournal } from "./journal_view.js";

const refreshSwitchNow = coalesced(() => requestJson("GET", "/sim/v1/state")
	.then(({ json }) => renderSwitch(json))
	.catch((e) => setStatus(e.message, true)));

/** The switch view and the journal after anything that may have changed them. */
export function refreshSwitch() {
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
			span.textContent = `${party.dn} ${party.state}${party.muted ? " (muted)" : ""}` +
				(party.monitorMode ? ` (${party.monitorMode} ${party.monitoredDn})` : "");
			parties.append(span);
		}
		cell(row, formatUserData(call.userData), "switch-call-userdata");
	}
	const showAll = $(page, "show-all-dns").checked;
	const dns = $(page, "switch-dns").tBodies[0];
	dns.replaceChildren();
	for (const dn of state.dns ?? []) {
		const interesting = onCall.has(dn.dn) || (dn.agentState && dn.agentState !== "LoggedOut") || dn.dnd ||
			dn.monitoring || dn.monitoredBy;
		if (!showAll && !interesting) continue;
		const row = dns.insertRow();
		row.dataset.testid = `dn-${dn.dn}`;
		cell(row, dn.dn);
		cell(row, dn.type);
		cell(row, dn.agentId);
		cell(row, dn.agentState, "dn-agent-state").className = `agent-state ${dn.agentState ?? ""}`;
		cell(row, dn.workMode);
		cell(row, dn.dnd ? "on" : "");
		cell(row, supervision(dn), "dn-supervision");
	}
}

$(page, "show-all-dns").addEventListener("change", refreshSwitch);
setInterval(refreshSwitch, 2000);

/** A DN's part in supervision: the agent a supervisor monitors (and how), or who monitors an agent. */
function supervision(dn) {
	const m = dn.monitoring;
	if (m) return `monitors ${m.agentDn} (${m.mode}, ${m.type === "MonitorOneCall" ? "next call" : "all calls"}, ${m.scope})`;
	return dn.monitoredBy ? `monitored by ${dn.monitoredBy}` : "";
}
