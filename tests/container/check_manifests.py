#!/usr/bin/env python3
"""Offline checks of deploy/kubernetes/ctisim.yaml and deploy/compose.yaml.

`kubectl apply --dry-run=client` needs an API server to map kinds (and to
fetch the schema it validates against), and none runs where the tests run, so
this checks what would break the deployment: references between the objects
(selectors, ports, Services named by --backend, the Secret's keys), the
ctisim command lines and CTISIM_* variables against the program's own --help,
the probes, the non-root read-only pods, and that compose and Kubernetes
describe the same topology. Prints TAP (ok / not ok per check, then
"# pass N" and "# fail N"); exits 1 on any failure.

Usage: python3 tests/container/check_manifests.py [CTISIM_BIN]
(with CTISIM_BIN, flags and variables are checked against `ctisim CMD --help`).
Needs PyYAML (Debian's python3-yaml, which docker-compose depends on).
"""
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
KUBERNETES = ROOT / "deploy/kubernetes/ctisim.yaml"
COMPOSE = ROOT / "deploy/compose.yaml"
NGINX = ROOT / "docs/nginx-sticky.conf"
KINDS = {("apps/v1", "Deployment"), ("v1", "Service"), ("networking.k8s.io/v1", "Ingress")}
DNS_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")

results = []


def check(name, condition, detail=""):
    results.append((name, bool(condition), detail))


def ctisim_flags(binary, command):
    """The flags `ctisim COMMAND --help` lists, or None without a binary."""
    if not binary:
        return None
    text = subprocess.run([binary, command, "--help"], capture_output=True, text=True, check=False).stdout
    return set(re.findall(r"^  --([a-z0-9-]+)", text, re.M))


def check_command(where, args, env_names, binary):
    """args is a ctisim command line; every flag and CTISIM_ variable is one of its flags."""
    check(f"{where}: runs `ctisim serve` or `ctisim switch`", args and args[0] in ("serve", "switch"), args)
    flags = ctisim_flags(binary, args[0]) if args else None
    if flags is None:
        return
    given = [a[2:].split("=")[0] for a in args[1:] if a.startswith("--")]
    check(f"{where}: every flag is a flag of ctisim {args[0]}", all(f in flags for f in given), given)
    variables = [n[len("CTISIM_"):].lower().replace("_", "-") for n in env_names if n.startswith("CTISIM_")]
    variables = [v[: -len("-file")] if v.endswith("-file") and v not in flags else v for v in variables]
    check(f"{where}: every CTISIM_ variable names a flag of ctisim {args[0]}", all(v in flags for v in variables),
          variables)


def flag_value(args, flag):
    return args[args.index(flag) + 1] if flag in args and args.index(flag) + 1 < len(args) else None


def kubernetes(binary):
    text = KUBERNETES.read_text()
    docs = [d for d in yaml.safe_load_all(text) if d]
    check("kubernetes: the file parses, with documents", len(docs) > 0)
    for d in docs:
        what = f"{d.get('kind')}/{d.get('metadata', {}).get('name')}"
        check(f"kubernetes {what}: a known apiVersion and kind", (d.get("apiVersion"), d.get("kind")) in KINDS)
        check(f"kubernetes {what}: a DNS-1123 name", DNS_LABEL.match(d.get("metadata", {}).get("name", "")))
    deployments = {d["metadata"]["name"]: d for d in docs if d["kind"] == "Deployment"}
    services = {d["metadata"]["name"]: d for d in docs if d["kind"] == "Service"}
    # The Secret is created by kubectl (the file's header says how): its name and keys from there.
    secret = re.search(r"kubectl create secret generic (\S+)((?:.|\n)*?)\n#\s*kubectl apply", text)
    secret_name = secret.group(1) if secret else None
    secret_keys = set(re.findall(r"--from-literal=([a-z0-9-]+)=", secret.group(2))) if secret else set()
    check("kubernetes: the header creates the Secret", secret_name and secret_keys, secret_name)

    ports_of = {}
    for name, d in deployments.items():
        spec = d["spec"]
        pod = spec["template"]["spec"]
        labels = spec["template"]["metadata"]["labels"]
        selector = spec["selector"]["matchLabels"]
        check(f"Deployment/{name}: its selector matches its pods' labels",
              all(labels.get(k) == v for k, v in selector.items()))
        check(f"Deployment/{name}: no Service variables in the pods (enableServiceLinks: false)",
              pod.get("enableServiceLinks") is False)
        security = pod.get("securityContext", {})
        check(f"Deployment/{name}: runs as the image's user 10001, not root",
              security.get("runAsNonRoot") is True and security.get("runAsUser") == 10001)
        ports_of[name] = {}
        for c in pod["containers"]:
            where = f"Deployment/{name} container {c.get('name')}"
            check(f"{where}: read-only root filesystem, no privilege escalation",
                  c.get("securityContext", {}).get("readOnlyRootFilesystem") is True
                  and c["securityContext"].get("allowPrivilegeEscalation") is False)
            ports = {p["name"]: p["containerPort"] for p in c.get("ports", [])}
            ports_of[name].update(ports)
            check(f"{where}: named ports (at most 15 characters) from 1 to 65535",
                  ports and all(len(n) <= 15 and 1 <= p <= 65535 for n, p in ports.items()))
            env = c.get("env", [])
            check_command(where, c.get("args", []), [e["name"] for e in env], binary)
            refs = [e["valueFrom"]["secretKeyRef"] for e in env if "valueFrom" in e]
            check(f"{where}: every secret reference is a key of the Secret",
                  all(r["name"] == secret_name and r["key"] in secret_keys for r in refs), refs)
            for kind in ("readinessProbe", "livenessProbe"):
                probe = c.get(kind)
                check(f"{where}: has a {kind}", probe)
                if not probe:
                    continue
                if "exec" in probe:
                    check(f"{where}: the {kind} is `ctisim health` (GET /sim/v1/health on loopback)",
                          probe["exec"]["command"] == ["/usr/bin/ctisim", "health"])
                    check(f"{where}: the {kind} probes what this container serves (HTTP on 8080)",
                          ports.get("http") == 8080)
                else:
                    port = (probe.get("tcpSocket") or probe.get("httpGet") or {}).get("port")
                    check(f"{where}: the {kind}'s port is one of the container's", port in ports, port)
            backend = flag_value(c.get("args", []), "--backend")
            if backend:
                m = re.match(r"^tcp://([a-z0-9-]+):(\d+)$", backend)
                target = services.get(m.group(1)) if m else None
                check(f"{where}: --backend {backend} is a Service of this file, on its port",
                      target and any(p["port"] == int(m.group(2)) for p in target["spec"]["ports"]))
            if c.get("args", [None])[0] == "switch":
                check(f"Deployment/{name}: one switch, never two at once (replicas 1, Recreate)",
                      spec.get("replicas") == 1 and spec.get("strategy", {}).get("type") == "Recreate")
            if c.get("args", [None])[0] == "serve":
                check(f"Deployment/{name}: more than one front end", spec.get("replicas", 1) >= 2)
                check(f"{where}: the control API asks for credentials from the Secret (the cluster reaches it)",
                      any(e["name"] == "CTISIM_CONTROL_ACCESS" and "valueFrom" in e for e in env))

    for name, s in services.items():
        selector = s["spec"]["selector"]
        matching = [n for n, d in deployments.items()
                    if all(d["spec"]["template"]["metadata"]["labels"].get(k) == v for k, v in selector.items())]
        check(f"Service/{name}: selects exactly one Deployment's pods", len(matching) == 1, matching)
        for p in s["spec"]["ports"]:
            check(f"Service/{name}: targetPort {p['targetPort']} is a port of those pods",
                  matching and p["targetPort"] in ports_of[matching[0]])
    frontends = [n for n, s in services.items() if s["spec"].get("sessionAffinity") == "ClientIP"]
    check("kubernetes: the front ends' Service is sticky (sessionAffinity: ClientIP)", len(frontends) == 1)
    for d in docs:
        if d["kind"] != "Ingress":
            continue
        annotations = d["metadata"].get("annotations", {})
        check(f"Ingress/{d['metadata']['name']}: sticky by cookie",
              annotations.get("nginx.ingress.kubernetes.io/affinity") == "cookie")
        for rule in d["spec"]["rules"]:
            for path in rule["http"]["paths"]:
                service = path["backend"]["service"]
                target = services.get(service["name"])
                check(f"Ingress/{d['metadata']['name']}: its backend is a Service port",
                      target and any(p["name"] == service["port"].get("name") for p in target["spec"]["ports"]))
    return deployments


def compose(binary, deployments):
    spec = yaml.safe_load(COMPOSE.read_text())
    services = spec["services"]
    commands = {name: s.get("command", []) for name, s in services.items()}
    switches = [n for n, c in commands.items() if c[:1] == ["switch"]]
    fronts = [n for n, c in commands.items() if c[:1] == ["serve"]]
    check("compose: one switch, two front ends, nginx", len(switches) == 1 and len(fronts) == 2 and "nginx" in services)
    listen = flag_value(commands[switches[0]], "--listen") if switches else None
    routes = set()
    for name in fronts:
        args = commands[name]
        check(f"compose {name}: --backend is the switch service on its --listen port",
              listen and flag_value(args, "--backend") == f"tcp://{switches[0]}:{listen.split(':')[1]}")
        routes.add(flag_value(args, "--session-route"))
    nginx_routes = set(re.findall(r"^\s+([a-z0-9]+) fe_[a-z0-9]+;", NGINX.read_text(), re.M)) - {"default"}
    check("compose: the front ends' session routes are the ones docs/nginx-sticky.conf maps",
          routes == nginx_routes, (routes, nginx_routes))
    secrets = spec.get("secrets", {})
    for name in switches + fronts:
        s = services[name]
        env = s.get("environment", {})
        check_command(f"compose {name}", commands[name], list(env), binary)
        token = env.get("CTISIM_LINK_TOKEN_FILE", "")
        check(f"compose {name}: the link token is a compose secret's file",
              token.startswith("/run/secrets/") and token.split("/")[-1] in s.get("secrets", [])
              and token.split("/")[-1] in secrets)
        check(f"compose {name}: no secret in its environment", "CTISIM_LINK_TOKEN" not in env)
    for name, s in services.items():
        published = [str(p) for p in s.get("ports", [])]
        check(f"compose {name}: publishes nothing, or only on the host's loopback",
              all(p.startswith("127.0.0.1:") for p in published) and (name == "nginx") == bool(published))
        check(f"compose {name}: read-only root filesystem", s.get("read_only") is True)
    # The same command lines as Kubernetes, but for the names of the services.
    kube_commands = sorted(c["args"][0] for d in deployments.values() for c in d["spec"]["template"]["spec"]["containers"])
    check("compose and kubernetes run the same commands (serve, switch)",
          sorted(set(c[0] for c in commands.values() if c)) == sorted(set(kube_commands)))


def compose_schema():
    """docker-compose's own validation of the file (its schema, anchors, variables), when installed."""
    if not shutil.which("docker-compose"):
        return
    run = subprocess.run(["docker-compose", "-f", str(COMPOSE), "config", "-q"], capture_output=True, text=True,
                         check=False, env={**os.environ, "CTISIM_LINK_TOKEN_SECRET": str(COMPOSE)})
    check("compose: `docker-compose config -q` accepts the file", run.returncode == 0, run.stderr.strip())


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else None
    deployments = kubernetes(binary)
    compose(binary, deployments)
    compose_schema()
    print("TAP version 13")
    for i, (name, ok, detail) in enumerate(results, 1):
        print(f"{'ok' if ok else 'not ok'} {i} - {name}" + ("" if ok or detail == "" else f" # {detail}"))
    failed = sum(1 for _, ok, _ in results if not ok)
    print(f"1..{len(results)}")
    print(f"# pass {len(results) - failed}")
    print(f"# fail {failed}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
