// Prints the image's size and the time from starting what it holds to a
// healthy /sim/v1/health (docs/ci-fixture.md "Measured"). Root, podman.
// Usage: node tests/examples/ci/measure-image.mjs [IMAGE] [RUNS]
import { execFileSync, spawn } from "node:child_process";
import { once } from "node:events";

const image = process.argv[2] ?? "localhost/ctisim:latest";
const runs = Number(process.argv[3] ?? 20);
const podman = (...args) => execFileSync("podman", args, { encoding: "utf8" }).trim();

const size = Number(podman("image", "inspect", "--format", "{{.Size}}", image));
const compressed = execFileSync("sh", ["-c", `podman save ${image} 2>/dev/null | gzip -6 | wc -c`], { encoding: "utf8" });
console.log(`image ${image}: ${(size / 1e6).toFixed(2)} MB unpacked, ${(Number(compressed) / 1e6).toFixed(2)} MB as a gzip'd archive`);

const root = podman("image", "mount", image);
const times = [];
try {
  for (let i = 0; i < runs; i++) {
    const port = 20000 + Math.floor(Math.random() * 40000);
    const began = process.hrtime.bigint();
    const child = spawn("unshare", ["--mount", "--propagation", "private", "sh", "-c",
      'mount -t proc proc "$0/proc" && exec chroot --userspec=10001:10001 "$0" /usr/bin/ctisim serve', root],
      { stdio: "ignore", env: { PATH: process.env.PATH, CTISIM_HOST: "127.0.0.1", CTISIM_PORT: String(port) } });
    for (;;) {
      const res = await fetch(`http://127.0.0.1:${port}/sim/v1/health`).catch(() => null);
      if (res?.ok) break;
      await new Promise((r) => setTimeout(r, 1));
    }
    times.push(Number(process.hrtime.bigint() - began) / 1e6);
    child.kill("SIGTERM");
    await once(child, "exit");
  }
} finally {
  podman("image", "unmount", image);
}
times.sort((a, b) => a - b);
const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))].toFixed(1);
console.log(`start → healthy over ${runs} runs: median ${at(0.5)} ms, p90 ${at(0.9)} ms, min ${at(0)} ms, max ${at(1)} ms`);
