"""Starting ctisim: the program as a child process (`ctisim serve --port 0`, the
port read from its banner), or the container image with the docker or podman
CLI (`run -d -p 127.0.0.1::8080`, the port read back with `port`). Either way
a Sandbox once GET /sim/v1/health answers."""

from __future__ import annotations

import json
import os
import queue
import re
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path
from typing import Any, Callable, Mapping, Optional, Sequence, Union

from .sandbox import ControlCredentials, Sandbox, wait_healthy

_BANNER = re.compile(r"listening on (http://\S+)")
Config = Union[Mapping[str, Any], str, Path, None]


def _config_file(config: Config) -> tuple[Optional[Path], Callable[[], None]]:
    if config is None:
        return None, lambda: None
    if isinstance(config, (str, Path)):
        return Path(config), lambda: None
    folder = tempfile.mkdtemp(prefix="ctisim-")
    os.chmod(folder, 0o755)  # the image runs as an unprivileged user
    path = Path(folder) / "config.json"
    path.write_text(json.dumps(config))
    path.chmod(0o644)
    return path, lambda: shutil.rmtree(folder, ignore_errors=True)


def _start_binary(binary: str, config: Optional[Path], env: Mapping[str, str], args: Sequence[str],
                  timeout: float) -> tuple[str, Callable[[], int]]:
    argv = [binary, "serve", "--host", "127.0.0.1", "--port", "0", "--log-level", "warn", *args]
    if config is not None:
        argv += ["--config", str(config)]
    try:
        child = subprocess.Popen(argv, stdout=subprocess.PIPE, env={**os.environ, **env}, text=True)
    except OSError as error:
        raise RuntimeError(f"cannot start {binary} (set CTISIM_BIN): {error}") from error
    found: "queue.Queue[Optional[str]]" = queue.Queue()

    def read() -> None:  # the banner, then keep draining: a full pipe would block the server
        assert child.stdout is not None
        for line in child.stdout:
            m = _BANNER.search(line)
            if m:
                found.put(m.group(1))
        found.put(None)

    threading.Thread(target=read, name="ctisim-stdout", daemon=True).start()
    try:
        url = found.get(timeout=timeout)
    except queue.Empty:
        url = None
    if url is None:
        child.kill()
        raise RuntimeError(f"{binary} did not print its banner (exit {child.wait()})")

    def stop() -> int:
        child.terminate()  # SIGTERM: ctisim stops cleanly and exits 0
        try:
            return child.wait(10)
        except subprocess.TimeoutExpired:
            child.kill()
            return child.wait()

    return url, stop


def pick_engine(engine: Optional[str] = None) -> str:
    """engine, else CTISIM_IMAGE_ENGINE, else docker, else podman (whichever is installed)."""
    if engine:
        return engine
    if os.environ.get("CTISIM_IMAGE_ENGINE"):
        return os.environ["CTISIM_IMAGE_ENGINE"]
    for candidate in ("docker", "podman"):
        if shutil.which(candidate):
            return candidate
    raise RuntimeError("start_ctisim(image=...): neither docker nor podman is installed")


def _start_container(engine: str, image: str, config: Optional[Path], env: Mapping[str, str],
                     args: Sequence[str]) -> tuple[str, Callable[[], int]]:
    argv = [engine, "run", "--rm", "-d", "-p", "127.0.0.1::8080"]
    if config is not None:
        argv += ["-v", f"{config.resolve()}:/config/ctisim.json:ro", "-e", "CTISIM_CONFIG=/config/ctisim.json"]
    # both ends agree on the control credentials
    passed = {k: os.environ[k] for k in ("CTISIM_CONTROL_ACCESS",) if os.environ.get(k)}
    for name, value in {**passed, **env}.items():
        argv += ["-e", f"{name}={value}"]
    argv += [image, *args]
    container = subprocess.run(argv, check=True, stdout=subprocess.PIPE, text=True).stdout.strip()

    def stop() -> int:
        subprocess.run([engine, "stop", "-t", "5", container], stdout=subprocess.DEVNULL, check=False)
        return 0

    try:
        mapped = subprocess.run([engine, "port", container, "8080/tcp"], check=True, stdout=subprocess.PIPE,
                                text=True).stdout.splitlines()[0]
    except (subprocess.CalledProcessError, IndexError):
        stop()
        raise
    return "http://" + mapped.replace("0.0.0.0", "127.0.0.1"), stop


def start_ctisim(*, binary: Optional[str] = None, image: Optional[str] = None, engine: Optional[str] = None,
                 config: Config = None, env: Optional[Mapping[str, str]] = None, args: Sequence[str] = (),
                 control_access: Optional[str] = None, health_timeout: float = 10.0) -> Sandbox:
    """Starts ctisim and returns it once GET /sim/v1/health answers.

    binary: the program (default CTISIM_BIN, else "ctisim" on PATH); image: a
    container image instead ("localhost/ctisim:latest"), run with engine
    (docker or podman); config: a dict written as JSON, or a file path; env,
    args: for the process or the container. CTISIM_CONTROL_ACCESS=USER:PASSWORD
    gives the control credentials the helper sends, and is passed into a
    container it starts. control_access: the sandbox's --control-access
    ("USER:PASSWORD", "open", "loopback"), given to it as CTISIM_CONTROL_ACCESS
    and, for credentials, sent by the helper.
    """
    env = dict(env or {})
    if control_access is not None:
        env["CTISIM_CONTROL_ACCESS"] = control_access
    path, cleanup = _config_file(config)
    try:
        if image:
            url, stop_process = _start_container(pick_engine(engine), image, path, env, args)
        else:
            url, stop_process = _start_binary(binary or os.environ.get("CTISIM_BIN") or "ctisim", path, env, args,
                                              health_timeout)
    except BaseException:
        cleanup()
        raise

    def stop() -> int:
        try:
            return stop_process()
        finally:
            cleanup()

    access = env.get("CTISIM_CONTROL_ACCESS")
    credentials = ControlCredentials.parse(access) if access is not None else ControlCredentials.from_environment()
    sandbox = Sandbox(url, credentials, stop)
    try:
        wait_healthy(sandbox, health_timeout)
    except BaseException:
        sandbox.stop()
        raise
    return sandbox


def connect_ctisim(base_url: Optional[str] = None, health_timeout: float = 10.0,
                   credentials: Optional[ControlCredentials] = None) -> Sandbox:
    """One that runs already (a CI service container; default CTISIM_URL): nothing to start or stop.
    Control credentials: credentials, else CTISIM_CONTROL_ACCESS when it is USER:PASSWORD."""
    url = base_url or os.environ.get("CTISIM_URL")
    if not url:
        raise ValueError("connect_ctisim: give a base URL or set CTISIM_URL")
    sandbox = Sandbox(url, credentials or ControlCredentials.from_environment())
    wait_healthy(sandbox, health_timeout)
    return sandbox
