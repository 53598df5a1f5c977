// SPDX-License-Identifier: MIT
// The journal view: GET /sim/v1/journal followed live, filtered by DN or connId.
import { ApiError, requestJson } from "./http.js";
import { $, page, cell, coalesced } from "./page.js";

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
export const refreshJournal = coalesced(async () => {
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

/** Drops what the view shows and reads the journal from its newest entries again (after a reset). */
export function restartJournal() {
	journal.after = undefined;
	journalBody.replaceChildren();
}

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
