// SPDX-License-Identifier: MIT
//
// bench/faye_peer.js: a plain Faye (Node.js Bayeux) server, the peer for the
// idle-session figure of bench/run. Mounted where GWS mounts CometD
// (/api/v2/notifications) so ctisim-bench talks to both the same way; long
// polls held 30 s like ctisim. Prints "listening on http://127.0.0.1:PORT".
'use strict';
const http = require('http');
const faye = require('faye');

const bayeux = new faye.NodeAdapter({ mount: '/api/v2/notifications', timeout: 30 });
const server = http.createServer();
bayeux.attach(server);
server.listen(Number(process.env.FAYE_PORT || 0), '127.0.0.1', () => {
	console.log(`listening on http://127.0.0.1:${server.address().port}`);
});
process.on('SIGTERM', () => process.exit(0));
