// Starting ctisim: the binary as a child process, or the container image
// (docker/podman run, or the image's filesystem under chroot where no
// container runtime can run it). Each resolves with {baseUrl, stop()}.
import { spawn, execFile } from "node:child_process";
import { promisify } from "node:util";
import { writeFile, mkdtemp, rm, chmod } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

const exec = promisify(execFile);

/** Reads the "listening on http://…" banner line from the child's stdout. */
function bannerUrl(child, what) {
  return new Promise((resolve, reject) => {
    let out = "";
    const onData = (chunk) => {
      out += chunk;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        child.stdout.off("data", onData);
        child.stdout.resume(); // keep draining: a full pipe would block the server
        resolve(m[1]);
      }
    };
    child.stdout.on("data", onData);
    child.once("error", reject);
    child.once("exit", (code, signal) => reject(new Error(`${what} exited before listening (${code ?? signal})`)));
  });
}

/**
 * The headers of a control API request for a sandbox started with
 * --control-access USER:PASSWORD (CTISIM_CONTROL_ACCESS): HTTP Basic with those.
 * controlAccess defaults to this process's CTISIM_CONTROL_ACCESS, so that a CI
 * job and its service container share one variable; "open", "loopback" or
 * nothing send no credentials.
 */
export function controlHeaders(controlAccess = process.env.CTISIM_CONTROL_ACCESS) {
  if (!controlAccess || !controlAccess.includes(":")) return {};
  return { Authorization: "Basic " + Buffer.from(controlAccess).toString("base64") };
}

/** Waits until GET /sim/v1/health answers 200, or throws after timeoutMs. */
export async function waitHealthy(baseUrl, timeoutMs = 10000, controlAccess = undefined) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await fetch(`${baseUrl}/sim/v1/health`, { headers: controlHeaders(controlAccess) }).catch(() => null);
    if (res?.ok) return;
    if (Date.now() > deadline) throw new Error(`ctisim at ${baseUrl} was not healthy within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Stops a child with SIGTERM and resolves with its exit code (ctisim exits 0). */
function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    child.once("exit", (code) => resolve(code));
    child.kill("SIGTERM");
  });
}

/**
 * Once the child printed its banner: {baseUrl, process, stop()}, stop() being
 * SIGTERM then cleanup. If it never does, cleanup and the error.
 */
async function started(child, what, cleanup) {
  const baseUrl = await bannerUrl(child, what).catch(async (e) => { await cleanup(); throw e; });
  return {
    baseUrl,
    process: child,
    async stop() {
      const code = await stopChild(child);
      await cleanup();
      return code;
    },
  };
}

async function configFile(config) {
  if (config === undefined) return { cleanup: async () => {} };
  if (typeof config === "string") return { path: config, cleanup: async () => {} };
  const dir = await mkdtemp(path.join(tmpdir(), "ctisim-"));
  const file = path.join(dir, "config.json");
  await writeFile(file, JSON.stringify(config), { mode: 0o644 });
  await chmod(dir, 0o755); // the image runs as an unprivileged user

  return { path: file, dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** `ctisim serve --port PORT` from a binary. */
export async function startBinary({ binary, config, port = 0, host = "127.0.0.1", args = [], env = {}, controlAccess }) {
  if (controlAccess) env = { ...env, CTISIM_CONTROL_ACCESS: controlAccess };
  const cfg = await configFile(config);
  const argv = ["serve", "--host", host, "--port", String(port), "--log-level", "warn", ...args];
  if (cfg.path) argv.push("--config", cfg.path);
  const child = spawn(binary, argv, { stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, ...env } });
  return started(child, binary, cfg.cleanup);
}

/** The engine that runs images here: CTISIM_IMAGE_ENGINE, else docker, else podman. */
async function pickEngine(engine) {
  if (engine) return engine;
  if (process.env.CTISIM_IMAGE_ENGINE) return process.env.CTISIM_IMAGE_ENGINE;
  for (const candidate of ["docker", "podman"]) {
    if (await exec(candidate, ["--version"]).then(() => true, () => false)) return candidate;
  }
  throw new Error("startCtisim({image}): neither docker nor podman is installed");
}

/** `docker|podman run` of the image, its port 8080 published on a free loopback port. */
async function startContainer({ engine, image, config, env = {}, args = [], controlAccess }) {
  const cfg = await configFile(config);
  const argv = ["run", "--rm", "-d", "-p", "127.0.0.1::8080"];
  // The image serves every client (CTISIM_CONTROL_ACCESS=open) unless told otherwise.
  if (controlAccess) argv.push("-e", `CTISIM_CONTROL_ACCESS=${controlAccess}`);
  if (cfg.path) argv.push("-v", `${cfg.path}:/config/ctisim.json:ro`, "-e", "CTISIM_CONFIG=/config/ctisim.json");
  for (const [k, v] of Object.entries(env)) argv.push("-e", `${k}=${v}`);
  argv.push(image, ...args);
  const { stdout } = await exec(engine, argv);
  const id = stdout.trim();
  const { stdout: mapped } = await exec(engine, ["port", id, "8080/tcp"]);
  const baseUrl = `http://${mapped.trim().split("\n")[0].replace("0.0.0.0", "127.0.0.1")}`;
  return {
    baseUrl,
    async stop() {
      await exec(engine, ["stop", "-t", "5", id]).catch(() => {});
      await cfg.cleanup();
      return 0;
    },
  };
}

/**
 * What the image holds, run without a container runtime (as root): `podman
 * image mount` exposes its filesystem, and the image's own entrypoint, command,
 * environment and user run there under chroot, in a private mount namespace
 * with /proc. The network is the host's: the port is picked with port 0.
 */
async function startChroot({ image, config, env = {}, args = [], controlAccess }) {
  if (controlAccess) env = { ...env, CTISIM_CONTROL_ACCESS: controlAccess };
  const { stdout: root } = await exec("podman", ["image", "mount", image]);
  const rootfs = root.trim();
  const { stdout: inspected } = await exec("podman", ["image", "inspect", "--format", "{{json .Config}}", image]);
  const imageConfig = JSON.parse(inspected);
  const imageEnv = Object.fromEntries((imageConfig.Env ?? []).map((e) => [e.slice(0, e.indexOf("=")), e.slice(e.indexOf("=") + 1)]));
  const cfg = await configFile(config);
  const childEnv = { ...imageEnv, CTISIM_HOST: "127.0.0.1", CTISIM_PORT: "0", ...env };
  // The image has an empty /config; the file is bound onto it in the private namespace.
  let bind = "";
  if (cfg.path) {
    bind = `mount --bind "${cfg.dir ?? path.dirname(cfg.path)}" "$1/config" && `;
    childEnv.CTISIM_CONFIG = `/config/${path.basename(cfg.path)}`;
  }
  const command = [...(imageConfig.Entrypoint ?? []), ...(args.length ? args : imageConfig.Cmd ?? [])];
  const user = imageConfig.User || "0:0";
  const script = `root=$1; shift; mount -t proc proc "$root/proc" && ${bind.replaceAll("$1", "$root")}exec chroot --userspec=${user} "$root" "$@"`;
  const child = spawn("unshare", ["--mount", "--propagation", "private", "sh", "-c", script, "sh", rootfs, ...command],
    { stdio: ["ignore", "pipe", "inherit"], env: { PATH: process.env.PATH, ...childEnv } });
  return started(child, `${image} (chroot)`, async () => {
    await cfg.cleanup();
    await exec("podman", ["image", "unmount", image]).catch(() => {});
  });
}

export async function startImage(options) {
  const engine = await pickEngine(options.engine);
  return engine === "chroot" ? startChroot(options) : startContainer({ ...options, engine });
}
