// SPDX-License-Identifier: MIT
// What every part of the console shares: finding elements by test id, the
// status line, the log of notifications and requests, small formatters.

export const page = document;

/** The element under root with data-testid="testId". */
export const $ = (root, testId) => root.querySelector(`[data-testid="${testId}"]`);

/** A fresh copy of the first element of <template id="id">. */
export const fromTemplate = (id) => document.getElementById(id).content.firstElementChild.cloneNode(true);

export function setStatus(text, isError = false) {
	const status = $(page, "status");
	status.textContent = text;
	status.classList.toggle("error", isError);
}

export function phoneNumbersOf(call) {
	return (call.participants ?? []).map((p) => (typeof p === "string" ? p : p.phoneNumber));
}

export function formatUserData(userData) {
	if (!userData || Object.keys(userData).length === 0) return "";
	return Object.entries(userData).map(([k, v]) => `${k}=${v}`).join(", ");
}

/** Appends a cell with text to a table row; testId names it for the tests. */
export function cell(row, text, testId) {
	const td = row.insertCell();
	td.textContent = text ?? "";
	if (testId) td.dataset.testid = testId;
	return td;
}

/** Wraps an async task so that calls coalesce: one run at a time, one more queued at most. */
export function coalesced(task) {
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

// ---------------------------------------------------------------- event log

const eventLog = $(page, "event-log");
const maxLogEntries = 500;

/** One line of the Events log: source and summary, the full message folded under it. */
export function logEvent(source, summary, detail) {
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
