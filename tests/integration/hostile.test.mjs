// Hostile clients against a real ctisim process: bytes that are not HTTP, header floods,
// bodies past the limit, request smuggling shapes, pipelining, slow clients, clients that
// leave mid-request and mid-long-poll, a connection flood past the open-file limit, and the
// addresses ctisim listens on. After each one the server still serves and the switch state
// (GET /sim/v1/state) is what it was before.
import { test } from "node:test";
import assert from "node:assert/strict";
import net from "node:net";
import os from "node:os";
import { once } from "node:events";
import { startServer, spawnUntil, ctisimBin, GwsAgent, basic } from "./harness.mjs";

/** How many complete responses (head and Content-Length body) text holds. */
function completeResponses(text) {
  let n = 0;
  let at = 0;
  for (;;) {
    const end = text.indexOf("\r\n\r\n", at);
    if (end < 0) return n;
    const head = text.slice(at, end);
    const length = Number(/content-length: *(\d+)/i.exec(head)?.[1] ?? 0);
    if (text.length < end + 4 + length) return n;
    n++;
    at = end + 4 + length;
  }
}

/** Sends raw bytes (string or Buffer, or a list of them) and collects the reply until the
 *  server closes, or `responses` complete responses are in, or idleMs pass without a byte. */
function raw(url, chunks, { responses = 1, idleMs = 10000 } = {}) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname);
    let data = Buffer.alloc(0);
    let timer;
    let done = false;
    const finish = (closed) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ text: data.toString("latin1"), closed });
    };
    const arm = () => { clearTimeout(timer); timer = setTimeout(() => finish(false), idleMs); };
    socket.on("connect", () => {
      for (const c of [].concat(chunks)) socket.write(c);
      arm();
    });
    socket.on("data", (d) => {
      data = Buffer.concat([data, d]);
      arm();
      // Wait a moment for the close that follows an error response.
      if (completeResponses(data.toString("latin1")) >= responses) setTimeout(() => finish(false), 200);
    });
    socket.on("close", () => finish(true));
    socket.on("error", (e) => (e.code === "ECONNRESET" || e.code === "EPIPE" ? finish(true) : reject(e)));
  });
}

/** A POST with a body of any bytes. */
function postBytes(path, body, extra = "") {
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body);
  return Buffer.concat([Buffer.from(`POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n` +
    `${extra}Content-Length: ${bytes.length}\r\n\r\n`), bytes]);
}

/** The status codes of the HTTP responses in a raw reply, in order. */
function statuses(text) {
  return [...text.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => Number(m[1]));
}

/** The switch state without the clock (the server runs on the real clock). */
async function state(url) {
  const r = await fetch(url + "/sim/v1/state");
  assert.equal(r.status, 200);
  const { now, ...rest } = await r.json();
  assert.equal(typeof now, "number");
  return JSON.stringify(rest);
}

async function stillServing(url) {
  const health = await fetch(url + "/sim/v1/health");
  assert.equal(health.status, 200);
  const me = await fetch(url + "/api/v2/me", { headers: { Authorization: basic("agent15000") } });
  assert.equal(me.status, 200);
}

const get = (path, extra = "") => `GET ${path} HTTP/1.1\r\nHost: x\r\n${extra}\r\n`;

test("bytes that are not HTTP, floods and malformed framing get a clear error or a close, nothing changes",
  { timeout: 120000 }, async (t) => {
    const server = await startServer(["--read-timeout-ms", "1000", "--idle-timeout-ms", "2000"]);
    t.after(() => server.stop());
    // A call exists, so that a change would show in the state.
    const inject = await fetch(server.url + "/sim/v1/calls", {
      method: "POST", body: JSON.stringify({ from: "+15550001", to: "15000" }),
    });
    assert.equal(inject.status, 200);
    const before = await state(server.url);

    const auth = `Authorization: ${basic("agent15000")}\r\n`;
    const post = (path, body) => postBytes(path, body, auth);
    const cases = [
      // [name, bytes, expected first status (0 = the server just closes)]
      ["garbage line", "HELLO THERE\r\n\r\n", 400],
      ["binary noise", Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 37 + 11) % 256)), 400],
      ["TLS ClientHello", Buffer.from("16030100a5010000a10303" + "00".repeat(32), "hex"), 400],
      ["HTTP/2 preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 400],
      ["HTTP/0.9", "GET /\r\n\r\n", 400],
      ["space in target", "GET /a b HTTP/1.1\r\nHost: x\r\n\r\n", 400],
      ["header without colon", "GET / HTTP/1.1\r\nHost x\r\n\r\n", 400],
      ["NUL in a header", "GET / HTTP/1.1\r\nHost: x\0y\r\n\r\n", 400],
      ["bare LF", "GET / HTTP/1.1\nHost: x\n\n", 400],
      ["non-ASCII target", Buffer.concat([Buffer.from("GET /api/v2/me/calls/"), Buffer.from([0xff, 0xfe]),
        Buffer.from(` HTTP/1.1\r\nHost: x\r\n${auth}\r\n`)]), 400],
      ["non-ASCII control path", Buffer.concat([Buffer.from("GET /sim/v1/"), Buffer.from([0xc0, 0xaf]),
        Buffer.from(" HTTP/1.1\r\nHost: x\r\n\r\n")]), 400],
      ["encoded non-UTF-8 DN", "POST /sim/v1/parties/%ff/answer HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n", 400],
      ["header too large", get("/sim/v1/health", `X-Big: ${"y".repeat(10000)}\r\n`), 431],
      ["header flood", get("/sim/v1/health", Array.from({ length: 2000 }, (_, i) => `X-H${i}: v\r\n`).join("")), 431],
      ["cookie flood", get("/api/v2/me", `Cookie: ${Array.from({ length: 1500 }, (_, i) => `c${i}=v`).join("; ")}\r\n`), 431],
      ["request line too long", get("/sim/v1/health?" + "a".repeat(20000)), 431],
      ["body past the limit", post("/api/v2/me", "x".repeat(70000)), 413],
      ["declared body past the limit", `POST /api/v2/me HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000000\r\n\r\n`, 413],
      ["chunk past the limit", `POST /api/v2/me HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFF\r\nabc`, 413],
      ["bad chunk size", `POST /api/v2/me HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n`, 400],
      ["negative length", `POST /api/v2/me HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n`, 400],
      ["two lengths", `POST /api/v2/me HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}x`, 400],
      ["length and chunked", `POST /api/v2/me HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`, 400],
      ["unknown transfer coding", `POST /api/v2/me HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n`, 400],
      // Well-formed HTTP with hostile JSON: GWS errors.
      ["malformed JSON", post(`/api/v2/me`, `{"operationName":`), 400],
      ["deep JSON", post(`/api/v2/me`, "[".repeat(60000)), 400],
      ["deep objects", post(`/api/v2/me`, `{"a":`.repeat(12000)), 400],
      ["invalid UTF-8", post("/api/v2/me", Buffer.from([...Buffer.from(`{"operationName":"X`), 0xff, 0x22, 0x7d])), 400],
      ["Bayeux: not an array", post("/api/v2/notifications", `"x"`), 400],
      ["Bayeux: deep", post("/api/v2/notifications", "[".repeat(60000)), 400],
      ["control: deep", postBytes("/sim/v1/calls", "[".repeat(60000)), 400],
      ["control: invalid UTF-8", postBytes("/sim/v1/calls", Buffer.from([
        ...Buffer.from(`{"from":"+15550002","to":"15001","userData":{"a":"`), 0xc0, 0xaf, 0x22, 0x7d, 0x7d])), 400],
      ["control: lone surrogate", postBytes("/sim/v1/calls",
        `{"from":"+15550002","to":"15001","userData":{"a":"\\udc00"}}`), 400],
    ];
    let n = 0;
    for (const [name, bytes, expected] of cases) {
      const { text, closed } = await raw(server.url, bytes);
      const got = statuses(text);
      assert.equal(got[0] ?? 0, expected, `${name}: ${text.slice(0, 300)}`);
      if (expected >= 400 && text.includes("\r\n\r\n{")) {
        // Error bodies are valid UTF-8 JSON, whatever bytes the request held.
        const bytes = Buffer.from(text.slice(text.indexOf("\r\n\r\n") + 4), "latin1");
        const body = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
        assert.equal(typeof body.statusCode, "number", name);
        assert.equal(typeof body.statusMessage, "string", name);
      }
      if ([431, 413].includes(expected) || name.startsWith("garbage")) assert.ok(closed, `${name}: connection closed`);
      n++;
    }
    await stillServing(server.url);
    assert.equal(await state(server.url), before);
    t.diagnostic(`raw-HTTP cases: ${n}`);
  });

test("a million levels of nesting, with the body limit raised to let it in", { timeout: 60000 }, async (t) => {
  // Before the iterative parser, 200 000 levels killed the process (a stack overflow).
  const server = await startServer(["--max-body-bytes", "4000000"]);
  t.after(() => server.stop());
  const before = await state(server.url);
  const auth = `Authorization: ${basic("agent15000")}\r\n`;
  const deep = "[".repeat(1000000);
  const objects = `{"a":`.repeat(400000);
  for (const [path, body, extra] of [["/api/v2/me", deep, auth], ["/api/v2/me", objects, auth],
    ["/api/v2/notifications", deep, auth], ["/sim/v1/calls", deep, ""], ["/sim/v1/reset", objects, ""]]) {
    const { text } = await raw(server.url, postBytes(path, body, extra));
    assert.equal(statuses(text)[0], 400, `${path}: ${text.slice(0, 200)}`);
  }
  await stillServing(server.url);
  assert.equal(await state(server.url), before);
});

test("pipelined requests are answered in order, also around a bad one", { timeout: 30000 }, async (t) => {
  const server = await startServer();
  t.after(() => server.stop());
  const before = await state(server.url);
  const ten = Array.from({ length: 10 }, (_, i) => get(`/sim/v1/health?n=${i}`)).join("");
  const many = await raw(server.url, ten, { responses: 10 });
  assert.deepEqual(statuses(many.text), Array(10).fill(200));
  // The third request is malformed: the first two are answered, then a 400, then the close.
  const mixed = await raw(server.url, get("/sim/v1/health") + get("/sim/v1/state") + "BOGUS\r\n\r\n" + get("/sim/v1/health"),
    { responses: 3 });
  assert.deepEqual(statuses(mixed.text), [200, 200, 400]);
  assert.ok(mixed.closed);
  // Pipelined GWS writes with hostile bodies, one connection.
  const auth = `Authorization: ${basic("agent15000")}\r\n`;
  const bodies = [`{`, `[]`, `{"operationName":5}`, `{"operationName":"Fly"}`, `{"operationName":"Ready","workmode":7}`];
  const pipelined = bodies.map((b) =>
    `POST /api/v2/me/channels/voice HTTP/1.1\r\nHost: x\r\n${auth}Content-Length: ${b.length}\r\n\r\n${b}`).join("");
  const answered = await raw(server.url, pipelined, { responses: bodies.length });
  assert.deepEqual(statuses(answered.text), Array(bodies.length).fill(400));
  await stillServing(server.url);
  assert.equal(await state(server.url), before);
});

test("a slow client that trickles bytes is cut off by the read timeout", { timeout: 30000 }, async (t) => {
  const server = await startServer(["--read-timeout-ms", "300"]);
  t.after(() => server.stop());
  const { port, hostname } = new URL(server.url);
  const socket = net.connect(Number(port), hostname);
  await once(socket, "connect");
  const request = get("/sim/v1/health");
  let closed = false;
  socket.on("close", () => { closed = true; });
  socket.on("error", () => {});
  // One byte every 100 ms: the whole request would take seconds; the server must not wait for it.
  for (let i = 0; i < request.length && !closed; i++) {
    socket.write(request[i]);
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.ok(closed, "the server closed the trickling connection");
  await stillServing(server.url);
});

test("clients that leave mid-request and mid-long-poll do no harm", { timeout: 30000 }, async (t) => {
  const server = await startServer();
  t.after(() => server.stop());
  const before = await state(server.url);
  const { port, hostname } = new URL(server.url);
  // Half a request head, half a body, then gone.
  for (const part of ["GET /sim/v1/hea", `POST /api/v2/me HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"oper`]) {
    const s = net.connect(Number(port), hostname);
    await once(s, "connect");
    s.write(part);
    s.destroy();
  }
  // A held /meta/connect whose client disappears, then an event for that session.
  const agent = new GwsAgent(server.url, "agent15000");
  assert.equal((await agent.get("/api/v2/me")).status, 200);
  const bayeux = async (messages) => {
    const r = await fetch(server.url + "/api/v2/notifications", {
      method: "POST", body: JSON.stringify(messages),
      headers: { "Content-Type": "application/json", Cookie: agent.cookieHeader() },
    });
    for (const c of r.headers.getSetCookie()) {
      const [pair] = c.split(";");
      agent.cookies.set(pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1));
    }
    return r.json();
  };
  const [hs] = await bayeux([{ channel: "/meta/handshake", version: "1.0", supportedConnectionTypes: ["long-polling"] }]);
  assert.equal(hs.successful, true);
  const clientId = hs.clientId;
  await bayeux([{ channel: "/meta/subscribe", clientId, subscription: "/v2/me/*" }]);
  await bayeux([{ channel: "/meta/connect", clientId, connectionType: "long-polling", advice: { timeout: 0 } }]);
  const body = JSON.stringify([{ channel: "/meta/connect", clientId, connectionType: "long-polling" }]);
  const held = net.connect(Number(port), hostname);
  await once(held, "connect");
  held.write(`POST /api/v2/notifications HTTP/1.1\r\nHost: x\r\nCookie: ${agent.cookieHeader()}\r\n` +
    `Content-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
  await new Promise((r) => setTimeout(r, 200)); // let the connect be held (either order is legal)
  held.destroy();
  // The agent's state changes: a notification goes to the departed long-poll.
  const start = await agent.post("/api/v2/me", { operationName: "StartContactCenterSession", channels: ["voice"] });
  assert.deepEqual(start.json, { statusCode: 0 });
  // The session is still usable from a new connection.
  const replies = await bayeux([{ channel: "/meta/connect", clientId, connectionType: "long-polling", advice: { timeout: 0 } }]);
  assert.equal(replies.at(-1).successful, true);
  await stillServing(server.url);
  const after = JSON.parse(await state(server.url));
  const dn = after.dns.find((d) => d.dn === "15000");
  assert.notEqual(dn.agentState, "LoggedOut");
  assert.deepEqual(JSON.parse(before).calls, after.calls);
});

test("a connection flood past the open-file limit: the server pauses accepting, then serves again", { timeout: 60000 }, async (t) => {
  // A low descriptor limit for this process only (the shell's ulimit applies to the exec'd ctisim).
  const { child, match: url, output } = await spawnUntil("sh",
    ["-c", `ulimit -n 64 && exec "$0" serve --port 0 --threads 2 --log-level warn`, ctisimBin],
    /listening on (http:\/\/\S+)/);
  t.after(async () => { child.kill("SIGTERM"); await once(child, "exit"); });
  const { port, hostname } = new URL(url);
  const sockets = [];
  for (let i = 0; i < 150; i++) {
    const s = net.connect(Number(port), hostname);
    s.on("error", () => {});
    sockets.push(s);
  }
  await Promise.all(sockets.map((s) => new Promise((r) => { s.once("connect", r); s.once("error", r); })));
  await new Promise((r) => setTimeout(r, 1000));
  for (const s of sockets) s.destroy();
  // Served again once descriptors are free.
  let ok = false;
  for (let i = 0; i < 50 && !ok; i++) {
    try { ok = (await fetch(url + "/sim/v1/health")).status === 200; } catch { /* still refusing */ }
    if (!ok) await new Promise((r) => setTimeout(r, 100));
  }
  assert.ok(ok, "health answers after the flood");
  // The accept errors were paced, not a busy loop (which logs thousands of lines a second).
  const acceptErrors = output().split("\n").filter((l) => l.includes("accept failed")).length;
  assert.ok(acceptErrors < 200, `${acceptErrors} accept errors logged`);
  t.diagnostic(`accept errors logged during the flood: ${acceptErrors}`);
});

test("ctisim listens on loopback only, unless told otherwise; the control API stays local", { timeout: 30000 }, async (t) => {
  const server = await startServer();
  t.after(() => server.stop());
  assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  const external = Object.values(os.networkInterfaces()).flat()
    .find((a) => a && a.family === "IPv4" && !a.internal)?.address;
  if (!external) {
    t.diagnostic("no non-loopback IPv4 address on this machine: the remote checks are skipped");
    return;
  }
  const { port } = new URL(server.url);
  // Bound to 127.0.0.1: the machine's other address does not answer.
  await assert.rejects(fetch(`http://${external}:${port}/sim/v1/health`));

  // Listening on every address: GWS answers from outside, the control API does not.
  const open = await startServer(["--host", "0.0.0.0"]);
  t.after(() => open.stop());
  const remote = `http://${external}:${new URL(open.url).port}`;
  for (const [method, path] of [["GET", "/sim/v1/health"], ["GET", "/sim/v1/state"], ["POST", "/sim/v1/reset"],
    ["POST", "/sim/v1/calls"], ["GET", "/sim/v1/clock"]]) {
    const r = await fetch(remote + path, { method, headers: { Authorization: basic("agent15000") } });
    assert.equal(r.status, 403, `${method} ${path}`);
    assert.equal((await r.json()).statusCode, 3);
  }
  const me = await fetch(remote + "/api/v2/me", { headers: { Authorization: basic("agent15000") } });
  assert.equal(me.status, 200);
  assert.match(me.headers.get("set-cookie"), /HttpOnly/);
  assert.equal((await fetch(remote + "/api/v2/me")).status, 401);
});

test("the directory routes: bad pages, huge values, unknown ids and another user's data get GWS errors", { timeout: 60000 }, async (t) => {
  const server = await startServer();
  t.after(() => server.stop());
  const before = await state(server.url);
  const as = (user, path, init = {}) =>
    fetch(server.url + path, { ...init, headers: { Authorization: basic(user), ...(init.headers ?? {}) } });
  const expectError = async (response, status, statusCode, what) => {
    assert.equal(response.status, status, what);
    const body = await response.json();
    assert.deepEqual(Object.keys(body).sort(), ["statusCode", "statusMessage"], what);
    assert.equal(body.statusCode, statusCode, what);
  };
  // Another agent's ids, as a supervisor finds them.
  const found = await (await as("supervisor16000", "/api/v2/users?userName=agent15050&fields=id")).json();
  assert.equal(found.users.length, 1);
  const foreign = found.users[0].id;
  const groups = await (await as("supervisor16000", "/api/v2/groups?fields=id,name")).json();
  assert.equal(groups.groups.length, 10);
  const foreignGroup = groups.groups.find((g) => g.name === "Team supervisor16005").id;

  let n = 0;
  const lists = ["/api/v2/users", "/api/v2/contacts", "/api/v2/groups", "/api/v2/queues"];
  const pages = ["offset=-1", "offset=abc", "offset=1e9", "limit=0", "limit=1001", "limit=-1",
    "limit=18446744073709551617", "offset=99999999999999999999999999", "limit=", "limit=2.5"];
  for (const list of lists) {
    for (const query of pages) {
      await expectError(await as("agent15000", `${list}?${query}`), 400, 10, `${list}?${query}`);
      n++;
    }
    const end = await as("agent15000", `${list}?offset=1000000000&fields=*`);
    assert.equal(end.status, 200, list);
    await expectError(await as("agent15000", list, { method: "DELETE" }), 405, 3, `DELETE ${list}`);
    n += 2;
  }
  for (const path of [`/api/v2/users/${foreign}/devices`, `/api/v2/groups/${foreignGroup}`,
    `/api/v2/groups/${foreignGroup}/users`, `/api/v2/contacts/${"A".repeat(4000)}`, "/api/v2/queues/nothing",
    "/internal-api/business-attributes/Nothing", `/api/v2/users/${"f".repeat(32)}/devices`]) {
    await expectError(await as("agent15000", path), 404, 6, path);
    n++;
  }
  // What an agent lists never holds another user.
  for (const path of ["/api/v2/users?fields=*", "/api/v2/users?userName=agent15050&fields=*",
    "/api/v2/groups?fields=*", `/api/v2/groups?subresources=users&fields=*`]) {
    const text = await (await as("agent15000", path)).text();
    assert.ok(!text.includes(foreign) && !text.includes("agent15050") && !text.includes("Team supervisor16005"), path);
    n++;
  }
  await expectError(await fetch(server.url + "/internal-api/business-attributes"), 401, 20, "no credentials");
  await expectError(await fetch(server.url + "/api/v2/contacts"), 401, 20, "no credentials");
  await stillServing(server.url);
  assert.equal(await state(server.url), before);
  t.diagnostic(`directory cases: ${n + 2}`);
});
