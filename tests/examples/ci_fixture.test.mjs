// Example: a client's test suite using ctisim as a CI fixture (see README.md).
// Node.js built-ins only: copy it into your project and point CTISIM_BIN at ctisim.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";

const ctisimBin = process.env.CTISIM_BIN ?? "ctisim";
let server;  // the child process
let baseUrl; // "http://127.0.0.1:<port>"

before(async () => {
  server = spawn(ctisimBin, ["serve", "--port", "0", "--log-level", "warn"], { stdio: ["ignore", "pipe", "inherit"] });
  baseUrl = await new Promise((resolve, reject) => {
    let out = "";
    server.stdout.on("data", (chunk) => {
      out += chunk;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    server.on("exit", (code) => reject(new Error(`ctisim exited early (${code})`)));
  });
  for (let i = 0; i < 50; i++) {
    const health = await fetch(`${baseUrl}/sim/v1/health`).catch(() => null);
    if (health?.ok) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error("ctisim never became healthy");
});

after(async () => {
  server.kill("SIGTERM");
  const [code] = await once(server, "exit");
  assert.equal(code, 0, "ctisim stops cleanly on SIGTERM");
});

beforeEach(async () => {
  const reset = await fetch(`${baseUrl}/sim/v1/reset`, { method: "POST" });
  assert.equal(reset.status, 200);
});

/** One agent's GWS session: Basic auth on the first request, then its JSESSIONID cookie. */
function agent(userName, password = "password") {
  let cookie = "";
  return async (method, path, body) => {
    const headers = { "Content-Type": "application/json" };
    if (cookie) headers.Cookie = cookie;
    else headers.Authorization = "Basic " + Buffer.from(`${userName}:${password}`).toString("base64");
    const res = await fetch(baseUrl + path, { method, headers, body: body && JSON.stringify(body) });
    const setCookie = res.headers.get("set-cookie");
    if (setCookie) cookie = setCookie.split(";")[0];
    return { status: res.status, json: await res.json() };
  };
}

async function myCalls(gws) {
  const { json } = await gws("GET", "/api/v2/me/calls?fields=*");
  assert.equal(json.statusCode, 0);
  return json.calls;
}

test("an inbound call rings, the agent answers, the customer hangs up", async () => {
  const gws = agent("agent15000");
  assert.deepEqual((await gws("POST", "/api/v2/me", { operationName: "StartContactCenterSession", channels: ["voice"] })).json,
    { statusCode: 0 });

  const inject = await fetch(`${baseUrl}/sim/v1/calls`, {
    method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ from: "+15551234", to: "15000", userData: { AccountNumber: "12345" } }),
  });
  assert.equal(inject.status, 200);

  let [call] = await myCalls(gws);
  assert.equal(call.state, "Ringing");
  assert.equal(call.callType, "Inbound");
  assert.equal(call.ani, "+15551234");
  assert.deepEqual(call.userData, { AccountNumber: "12345" });
  assert.ok(call.capabilities.includes("Answer"));

  assert.deepEqual((await gws("POST", `/api/v2/me/calls/${call.id}`, { operationName: "Answer" })).json, { statusCode: 0 });
  [call] = await myCalls(gws);
  assert.equal(call.state, "Established");

  const hangup = await fetch(`${baseUrl}/sim/v1/parties/${encodeURIComponent("+15551234")}/hangup`, {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ callUuid: call.callUuid }),
  });
  assert.equal(hangup.status, 200);
  assert.deepEqual(await myCalls(gws), []);
});

test("each test starts from a fresh sandbox", async () => {
  const gws = agent("agent15000");
  assert.deepEqual(await myCalls(gws), [], "the previous test's calls are gone");
  const state = await (await fetch(`${baseUrl}/sim/v1/state`)).json();
  assert.deepEqual(state.calls, []);
  const dn = state.dns.find((d) => d.dn === "15000");
  assert.equal(dn.agentState, "LoggedOut", "the previous test's login is gone");
});

test("an agent dials out; an external number answers at once", async () => {
  const gws = agent("agent15001");
  const { json } = await gws("GET", "/api/v2/me/devices?fields=*");
  const deviceId = json.devices[0].id;
  assert.deepEqual((await gws("POST", `/api/v2/me/devices/${deviceId}/calls`,
    { operationName: "Dial", destination: { phoneNumber: "+14155550100" } })).json, { statusCode: 0 });
  const [call] = await myCalls(gws);
  assert.equal(call.state, "Established");
  assert.equal(call.callType, "Outbound");
  assert.deepEqual(call.participants.map((p) => p.phoneNumber), ["+14155550100"]);
  assert.deepEqual((await gws("POST", `/api/v2/me/calls/${call.id}`, { operationName: "Hangup" })).json, { statusCode: 0 });
  assert.deepEqual(await myCalls(gws), []);
});
