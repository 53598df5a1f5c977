// SPDX-License-Identifier: MIT
//
// bench/faye_delay.js: the Faye peer's notification path, for bench/run.
// N subscribers (Faye's own Node.js client, long-polling only, as ctisim-bench
// talks to ctisim) each hold a session on the Faye server at PORT and
// subscribe to /bench/<i>; one publisher client sends to each channel in a
// closed loop (the next message to a channel once the previous one arrived)
// for S seconds. Prints `RESULT <label>.<name> <value>` lines: publish-to-
// delivery delay p50/p99 (µs, one process clock for both ends), messages/s.
//
// usage: node faye_delay.js PORT AGENTS SECONDS LABEL
'use strict';
const faye = require('faye');

const [port, agents, seconds, label] = [Number(process.argv[2]), Number(process.argv[3]),
	Number(process.argv[4]), process.argv[5] || 'faye'];
const url = `http://127.0.0.1:${port}/api/v2/notifications`;

function longPollClient() {
	const client = new faye.Client(url, { timeout: 30 });
	client.disable('websocket');
	client.disable('eventsource');
	return client;
}

function percentile(sorted, p) {
	if (sorted.length === 0)
		return 0;
	return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

async function main() {
	const delays = [];
	const subscribers = [];
	const publisher = longPollClient();
	let running = true;
	let timeouts = 0;
	const send = (i) => {
		if (!running)
			return;
		publisher.publish(`/bench/${i}`, { sentNs: process.hrtime.bigint().toString() });
	};
	for (let i = 0; i < agents; i++) {
		const client = longPollClient();
		subscribers.push(client);
		await client.subscribe(`/bench/${i}`, (message) => {
			const delayNs = process.hrtime.bigint() - BigInt(message.sentNs);
			if (running)
				delays.push(Number(delayNs) / 1000);
			send(i);
		});
	}
	const started = process.hrtime.bigint();
	for (let i = 0; i < agents; i++)
		send(i);
	await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
	running = false;
	const elapsedS = Number(process.hrtime.bigint() - started) / 1e9;
	delays.sort((a, b) => a - b);
	if (delays.length === 0)
		timeouts++;
	console.log(`RESULT ${label}.messages_per_s ${(delays.length / elapsedS).toFixed(1)}`);
	console.log(`RESULT ${label}.notify_p50_us ${percentile(delays, 0.5).toFixed(1)}`);
	console.log(`RESULT ${label}.notify_p99_us ${percentile(delays, 0.99).toFixed(1)}`);
	console.log(`RESULT ${label}.messages ${delays.length}`);
	for (const client of subscribers)
		client.disconnect();
	publisher.disconnect();
	process.exit(timeouts === 0 ? 0 : 1);
}

main().catch((error) => {
	console.error(`faye_delay: ${error.stack || error}`);
	process.exit(1);
});
