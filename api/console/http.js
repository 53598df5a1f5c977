// SPDX-License-Identifier: MIT
// The console's one way to make a JSON request: fetch, parse, and turn a
// non-2xx answer into an ApiError that carries the server's statusMessage.

/** A non-2xx answer: the HTTP status, the body's statusCode and its statusMessage. */
export class ApiError extends Error {
	constructor(method, url, status, json, text) {
		const message = json?.statusMessage ?? (text || String(status));
		super(`${method} ${url}: ${status} ${message}`);
		this.status = status;
		this.statusCode = json?.statusCode;
		this.statusMessage = message;
	}
}

/** fetch + JSON; throws an ApiError with the server's statusMessage on a non-2xx answer. */
export async function requestJson(method, url, body, headers = {}) {
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
