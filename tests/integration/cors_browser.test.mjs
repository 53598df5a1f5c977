// CORS in Debian's headless Chromium, driven by playwright-core: a page served
// from another origin (another loopback port, a tiny Node.js server in this
// test) uses the GWS API the way a CRM widget does: HTTP Basic login with
// credentials, the CSRF token read from the exposed X-CSRF-TOKEN header, a
// CometD handshake with the CometD JavaScript client (the copy the console
// vendors, served by the page's own server), StartContactCenterSession, Ready,
// and the channel notification that follows. CSRF protection is on.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { once } from "node:events";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { launchChromium, skipWithoutChromium } from "./chromium.mjs";
import { startServer } from "./harness.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const cometdDir = path.join(here, "../../api/console/vendor/cometd");
const skip = skipWithoutChromium;

const widgetPage = `<!doctype html>
<html><head><meta charset="utf-8"><title>CRM widget</title></head>
<body><script type="module">
import { CometD } from "./cometd/cometd.js";

// Everything the widget does against GWS; returns what it saw.
window.runWidget = async ({ api, user }) => {
  const seen = { notifications: [] };
  const call = async (method, path, { headers = {}, body } = {}) => {
    const init = { method, headers: { Accept: "application/json", ...headers }, credentials: "include" };
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    const res = await fetch(api + path, init);
    return { status: res.status, headers: res.headers, json: await res.json() };
  };
  // 1. Log in with HTTP Basic; the JSESSIONID cookie comes back; the CSRF token is readable.
  const me = await call("GET", "/api/v2/me", { headers: { Authorization: "Basic " + btoa(user + ":password") } });
  seen.me = { status: me.status, userName: me.json.user?.userName };
  seen.csrfHeader = me.headers.get("X-CSRF-HEADER");
  const token = me.headers.get("X-CSRF-TOKEN");
  seen.tokenRead = typeof token === "string" && token.length > 0;
  // 2. A write without the token is refused (and the refusal is readable cross-origin).
  const refused = await call("POST", "/api/v2/me", { body: { operationName: "StartContactCenterSession", channels: ["voice"] } });
  seen.withoutToken = { status: refused.status, statusCode: refused.json.statusCode };
  // 3. CometD: handshake and subscribe with the cookie (XHR withCredentials).
  const cometd = new CometD("widget");
  cometd.unregisterTransport("websocket");
  cometd.unregisterTransport("callback-polling");
  cometd.configure({ url: api + "/api/v2/notifications", logLevel: "warn" });
  const ready = new Promise((resolve) => {
    cometd.handshake((reply) => {
      seen.handshake = reply.successful;
      if (!reply.successful) return resolve();
      cometd.subscribe("/v2/me/*", (message) => {
        seen.notifications.push(message.data);
      }, (sub) => { seen.subscribed = sub.successful; resolve(); });
    });
  });
  await ready;
  // 4. Start the session and go Ready, with the token.
  const csrf = { [seen.csrfHeader]: token };
  const start = await call("POST", "/api/v2/me", { headers: csrf, body: { operationName: "StartContactCenterSession", channels: ["voice"] } });
  seen.start = { status: start.status, statusCode: start.json.statusCode };
  const readyOp = await call("POST", "/api/v2/me/channels/voice", { headers: csrf, body: { operationName: "Ready" } });
  seen.ready = { status: readyOp.status, statusCode: readyOp.json.statusCode };
  // 5. The notification that the voice channel is Ready.
  const deadline = Date.now() + 10000;
  const isReady = (d) => d?.messageType === "ChannelStateChangeMessageV2" &&
    (d.channels ?? []).some((c) => c.channel === "voice" && c.userState?.state === "Ready");
  while (!seen.notifications.some(isReady) && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 50));
  seen.readyNotified = seen.notifications.some(isReady);
  cometd.disconnect();
  return seen;
};
window.widgetLoaded = true;
</script></body></html>`;

/** The widget's own server: the page and the CometD client it bundles. */
async function startWidgetServer() {
  const server = createServer((req, res) => {
    const url = new URL(req.url, "http://x");
    if (url.pathname === "/") {
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
      return res.end(widgetPage);
    }
    const name = url.pathname.startsWith("/cometd/") ? path.basename(url.pathname) : "";
    if (name && /^[A-Za-z0-9]+\.js$/.test(name) && existsSync(path.join(cometdDir, name))) {
      res.writeHead(200, { "Content-Type": "text/javascript; charset=utf-8" });
      return res.end(readFileSync(path.join(cometdDir, name)));
    }
    res.writeHead(404).end();
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return { server, url: `http://127.0.0.1:${server.address().port}` };
}

test("a page from another origin logs in, handshakes CometD, goes Ready and is notified, CSRF on", {
  timeout: 90000,
  skip,
}, async (t) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "ctisim-cors-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const config = path.join(dir, "config.json");
  writeFileSync(config, JSON.stringify({ csrf: true }));
  const api = await startServer(["--config", config]);
  t.after(() => api.stop());
  const widget = await startWidgetServer();
  t.after(() => widget.server.close());
  assert.notEqual(new URL(widget.url).origin, new URL(api.url).origin);

  const context = await launchChromium(t);
  const page = context.pages()[0] ?? await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  // Every cross-origin request the page makes, and the preflights Chromium sends first.
  const preflights = [];
  page.on("request", (r) => { if (r.method() === "OPTIONS") preflights.push(r.url()); });
  assert.equal((await page.goto(widget.url + "/")).status(), 200);
  await page.waitForFunction(() => window.widgetLoaded === true);

  const seen = await page.evaluate((args) => window.runWidget(args), { api: api.url, user: "agent15000" });
  assert.deepEqual(errors, []);
  assert.deepEqual(seen.me, { status: 200, userName: "agent15000" });
  assert.equal(seen.csrfHeader, "X-CSRF-TOKEN");
  assert.equal(seen.tokenRead, true, "X-CSRF-TOKEN is exposed to the page");
  assert.deepEqual(seen.withoutToken, { status: 403, statusCode: 3 });
  assert.equal(seen.handshake, true);
  assert.equal(seen.subscribed, true);
  assert.deepEqual(seen.start, { status: 200, statusCode: 0 });
  assert.deepEqual(seen.ready, { status: 200, statusCode: 0 });
  assert.equal(seen.readyNotified, true, JSON.stringify(seen.notifications));
});

test("an origin the sandbox does not allow gets no CORS headers: the browser refuses to read", {
  timeout: 60000,
  skip,
}, async (t) => {
  const api = await startServer(["--cors-origins", "http://localhost:1"]);
  t.after(() => api.stop());
  const widget = await startWidgetServer();
  t.after(() => widget.server.close());
  const context = await launchChromium(t);
  const page = context.pages()[0] ?? await context.newPage();
  await page.goto(widget.url + "/");
  const outcome = await page.evaluate(async (api) => {
    try {
      await fetch(api + "/api/v2/me", { credentials: "include", headers: { Authorization: "Basic " + btoa("agent15000:password") } });
      return "read";
    } catch (e) {
      return e.name;
    }
  }, api.url);
  assert.equal(outcome, "TypeError");
});
