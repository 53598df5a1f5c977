// Starts a real ctisim server for a test and gives the test small HTTP helpers.
// The server binary comes from $CTISIM_BIN (set by .ci/test) or build/.
import { spawn } from "node:child_process";
import { once } from "node:events";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));

/** fetch without the OpenAPI check below: for /sim/v1 paths that are not ctisim's control API
 * (the recording proxy refuses them with a GWS-style 404). */
export const unvalidatedFetch = globalThis.fetch;

// Every control API answer these tests see is checked against the OpenAPI
// document (docs/openapi/sim-v1.json) with the helper's validator, when its
// packages are installed (cd clients/node && npm ci; .ci/test does). A
// difference fails the test file when it ends.
try {
  const { openApiValidator } = await import("../../clients/node/src/openapi.js");
  const { readFile } = await import("node:fs/promises");
  const validator = await openApiValidator(JSON.parse(await readFile(path.join(here, "../../docs/openapi/sim-v1.json"), "utf8")));
  const problems = [];
  globalThis.fetch = async (input, init) => {
    const res = await unvalidatedFetch(input, init);
    const url = new URL(typeof input === "string" ? input : input.url);
    if (url.pathname.startsWith("/sim/v1/") && res.headers.get("content-type")?.startsWith("application/json")) {
      const body = await res.clone().json().catch(() => undefined);
      problems.push(...validator.validateResponse({ method: init?.method ?? "GET", path: url.pathname, status: res.status, body }));
    }
    return res;
  };
  process.on("exit", () => {
    if (!problems.length) return;
    console.error(`control API answers that differ from docs/openapi/sim-v1.json:\n  ${problems.join("\n  ")}`);
    process.exitCode = 1;
  });
} catch (error) {
  if (error.code !== "ERR_MODULE_NOT_FOUND") throw error;
}
export const ctisimBin = process.env.CTISIM_BIN ?? path.join(here, "../../build/cli/ctisim");

/**
 * Spawns command and resolves once its standard output matches pattern:
 * { child, match (the first capture group), output() (stdout and stderr so far) }.
 */
export async function spawnUntil(command, args, pattern, what = "ctisim", env = {}) {
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...env } });
  let output = "";
  child.stderr.on("data", (d) => { output += d; });
  const match = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not start:\n` + output)), 10000);
    child.stdout.on("data", (d) => {
      output += d;
      const m = pattern.exec(output);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    child.on("exit", (code) => { clearTimeout(timer); reject(new Error(`${what} exited with ${code}:\n${output}`)); });
  });
  return { child, match, output: () => output };
}

/** Runs `ctisim args...` to its end: { code, output (stdout and stderr) }. */
export function runCtisim(args) {
  const child = spawn(ctisimBin, args, { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (d) => { output += d; });
  child.stderr.on("data", (d) => { output += d; });
  return once(child, "exit").then(([code]) => ({ code, output }));
}

/* CTISIM_THREADS: the servers' --threads, unless a test sets its own (the ThreadSanitizer stage
 * runs the core strand over several threads; the default is one). */
const threads = process.env.CTISIM_THREADS ? ["--threads", process.env.CTISIM_THREADS] : [];

/** Starts `ctisim serve --port 0 [args]` and resolves once it answers /sim/v1/health. */
export async function startServer(args = []) {
  const { child, match: url, output } = await spawnUntil(ctisimBin,
    ["serve", "--port", "0", "--log-level", "warn", ...(args.includes("--threads") ? [] : threads), ...args],
    /listening on (http:\/\/\S+)/);
  const health = await fetch(url + "/sim/v1/health");
  if (health.status !== 200) throw new Error("health check failed: " + health.status);
  return {
    url,
    pid: child.pid,
    output,
    async stop() {
      if (child.exitCode !== null) return child.exitCode;
      child.kill("SIGTERM");
      const [code] = await once(child, "exit");
      return code;
    },
  };
}

export function basic(user, password = "password") {
  return "Basic " + Buffer.from(`${user}:${password}`).toString("base64");
}

/** A GWS HTTP client for one agent: Basic auth first, then its JSESSIONID cookie. */
export class GwsAgent {
  constructor(baseUrl, userName, password = "password") {
    this.baseUrl = baseUrl;
    this.userName = userName;
    this.password = password;
    this.cookies = new Map();
  }

  cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  async request(method, pathAndQuery, body) {
    const headers = { Accept: "application/json" };
    if (this.cookies.has("JSESSIONID")) headers.Cookie = this.cookieHeader();
    else headers.Authorization = basic(this.userName, this.password);
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (this.csrfToken) headers["X-CSRF-TOKEN"] = this.csrfToken;
    const res = await fetch(this.baseUrl + pathAndQuery, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body),
    });
    for (const c of res.headers.getSetCookie?.() ?? []) {
      const [pair] = c.split(";");
      const eq = pair.indexOf("=");
      this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
    const token = res.headers.get("x-csrf-token");
    if (token) this.csrfToken = token;
    const text = await res.text();
    let json;
    try { json = JSON.parse(text); } catch { json = undefined; }
    return { status: res.status, json, text };
  }

  get(p) { return this.request("GET", p); }
  post(p, body) { return this.request("POST", p, body); }
}

/** Collects the messages a client delivers, and waits for the ones a test expects. */
export class Inbox {
  constructor() { this.messages = []; this.waiters = []; }

  push(message) {
    this.messages.push(message);
    for (const w of [...this.waiters]) w.check();
  }

  /** Resolves with the first message (from `from` on) that satisfies pred. */
  waitFor(pred, what, timeoutMs = 5000) {
    return new Promise((resolve, reject) => {
      const waiter = {
        check: () => {
          const found = this.messages.find(pred);
          if (found) {
            clearTimeout(waiter.timer);
            this.waiters.splice(this.waiters.indexOf(waiter), 1);
            resolve(found);
          }
        },
      };
      waiter.timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`timed out waiting for ${what}; got:\n` +
          this.messages.map((m) => JSON.stringify(m)).join("\n")));
      }, timeoutMs);
      this.waiters.push(waiter);
      waiter.check();
    });
  }

  calls() { return this.messages.filter((m) => m.messageType === "CallStateChangeMessage"); }
}

/** Predicate: a CallStateChangeMessage of this notificationType whose call is in state. */
export function callMessage(notificationType, state, extra = () => true) {
  return (m) => m.messageType === "CallStateChangeMessage" && m.notificationType === notificationType &&
    (state === undefined || m.call.state === state) && extra(m);
}

export function phoneNumbers(call) {
  return call.participants.map((p) => p.phoneNumber);
}
