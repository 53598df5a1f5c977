// The official Workspace API v3 client's workload (issue 27, "Done when"):
// N agents in pairs, each pair looping make-call (to the partner's DN) ->
// answer -> release through genesys-workspace-client-js, against ctisim or the
// Agent API Simulator. Prints RESULT lines: cycles and REST operations per
// second, REST latency, the delay from each REST response to its matching
// notification (0 when the notification came first), and the server's CPU per
// operation (utime + stime of --server-pid over the measured window).
//
// node bench/workspace/workload.mjs --url URL --profile ctisim|agent-api-simulator
//   --agents N --seconds S --server-pid PID [--label NAME] [--first-dn 15000]
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { Desktop } from "../../tests/workspace-client/desktop.mjs";

const { values: opt } = parseArgs({
  options: {
    url: { type: "string" },
    profile: { type: "string", default: "ctisim" },
    agents: { type: "string", default: "10" },
    seconds: { type: "string", default: "10" },
    warmup: { type: "string", default: "2" },
    "server-pid": { type: "string" },
    label: { type: "string", default: "v3" },
    "first-dn": { type: "string", default: "15000" },
  },
});
const agents = Number(opt.agents);
if (!opt.url || agents < 2 || agents % 2) {
  console.error("usage: workload.mjs --url URL --profile ctisim|agent-api-simulator --agents EVEN_N --seconds S --server-pid PID");
  process.exit(2);
}

// Both servers get the same users: agent<DN> / password on DNs first-dn.. (bench/workspace/run
// writes them into the simulator's data/agents.yaml); only the login differs.
const target = opt.profile === "agent-api-simulator"
  ? { url: opt.url, login: "sign-in", redirectUri: "http://localhost/" }
  : { url: opt.url, login: "token", clientId: "external_api_client", clientSecret: "secret" };
const desktops = [];
for (let i = 0; i < agents; i++) {
  const dn = String(Number(opt["first-dn"]) + i);
  desktops.push(new Desktop(target, { name: `agent${dn}`, password: "password", dn }));
}

/** utime + stime of a process, in microseconds. */
function processCpuUs(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) * (1e6 / 100); // CLK_TCK is 100 on Linux
}

const restUs = [];
const notifyUs = [];
let measuring = false;
let stopping = false;
let ops = 0;
let cycles = 0;
let errors = 0;

/** One REST request; then the notification that completes it, its delay after the response. */
async function op(desktop, request, awaitNotification) {
  const sent = performance.now();
  await request();
  const answered = performance.now();
  await awaitNotification();
  if (measuring) {
    restUs.push((answered - sent) * 1000);
    notifyUs.push(Math.max(0, desktop.matchedAt - answered) * 1000);
    ops++;
  }
}

async function pairLoop(a, b) {
  while (!stopping) {
    let id;
    await op(a, () => a.api.voice.makeCall(b.user.dn), async () => { id = (await a.nextCall("Dialing")).call.id; });
    await b.nextCall("Ringing", { id });
    await op(b, () => b.api.voice.answerCall(id), () => b.nextCall("Established", { id }));
    await a.nextCall("Established", { id });
    await op(a, () => a.api.voice.releaseCall(id), () => a.nextCall("Released", { id }));
    await b.nextCall("Released", { id });
    a.forget();
    b.forget();
    if (measuring) cycles++;
  }
}

const percentile = (list, p) => {
  if (!list.length) return 0;
  const sorted = [...list].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

const started = performance.now();
// Log in a few at a time: the simulator answers each handshake with timers of its own.
for (let i = 0; i < desktops.length; i += 10) {
  await Promise.all(desktops.slice(i, i + 10).map(async (d) => {
    await d.initialize();
    await d.api.activateChannels(undefined, d.user.dn);
    await d.nextDn("after activation", (dn) => dn.number === d.user.dn);
  }));
}
// The simulator records an agent's DN 250 ms after its DnStateChanged, and says nothing then.
if (opt.profile === "agent-api-simulator") await new Promise((resolve) => setTimeout(resolve, 400));
await Promise.all(desktops.map(async (d) => {
  await d.api.voice.ready();
  await d.nextDn("Ready", (dn) => dn.agentState === "Ready");
}));
const loginSeconds = (performance.now() - started) / 1000;

const loops = [];
for (let i = 0; i < desktops.length; i += 2) {
  loops.push(pairLoop(desktops[i], desktops[i + 1]).catch((error) => {
    errors++;
    if (errors <= 3) console.error(`pair ${desktops[i].user.name}: ${error.message}`);
  }));
}
await new Promise((resolve) => setTimeout(resolve, Number(opt.warmup) * 1000));
const pid = opt["server-pid"];
const cpuBefore = pid ? processCpuUs(pid) : 0;
const clientBefore = process.cpuUsage();
const windowStart = performance.now();
measuring = true;
await new Promise((resolve) => setTimeout(resolve, Number(opt.seconds) * 1000));
measuring = false;
const windowUs = (performance.now() - windowStart) * 1000;
const serverCpuUs = pid ? processCpuUs(pid) - cpuBefore : 0;
const client = process.cpuUsage(clientBefore);
stopping = true;
await Promise.race([Promise.all(loops), new Promise((resolve) => setTimeout(resolve, 15000))]);

const l = opt.label;
const result = (name, value) => console.log(`RESULT ${l}.${name} ${typeof value === "number" ? Math.round(value * 10) / 10 : value}`);
result("agents", agents);
result("login_s", loginSeconds);
result("cycles_per_s", cycles / (windowUs / 1e6));
result("rest_ops_per_s", ops / (windowUs / 1e6));
result("rest_p50_us", percentile(restUs, 50));
result("rest_p99_us", percentile(restUs, 99));
result("notify_p50_us", percentile(notifyUs, 50));
result("notify_p99_us", percentile(notifyUs, 99));
result("notify_count", notifyUs.length);
if (pid) {
  result("server_cpu_percent", (serverCpuUs / windowUs) * 100);
  result("server_cpu_us_per_op", ops ? serverCpuUs / ops : 0);
}
result("client_cpu_us_per_op", ops ? (client.user + client.system) / ops : 0);
result("errors", errors);
for (const d of desktops) await d.destroy().catch(() => {});
setImmediate(() => process.exit(errors ? 1 : 0));
