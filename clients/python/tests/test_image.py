"""start_ctisim(image=...) through the container CLI's contract, with
clients/testing/fake-engine standing in for docker/podman (no engine runs
where these tests run): the port published on loopback only, the
configuration mounted, CTISIM_CONTROL_ACCESS passed in, the port read back,
the container stopped. The image itself under a real engine is .ci/test's
docker stage."""

from __future__ import annotations

from pathlib import Path

import pytest

from ctisim_fixture import start_ctisim

FAKE_ENGINE = Path(__file__).resolve().parents[2] / "testing" / "fake-engine"


def test_an_image_runs_on_a_loopback_port_with_its_configuration(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    log = tmp_path / "engine.log"
    monkeypatch.setenv("FAKE_ENGINE_LOG", str(log))
    monkeypatch.setenv("FAKE_ENGINE_STATE", str(tmp_path / "state"))
    monkeypatch.setenv("CTISIM_CONTROL_ACCESS", "ci:s3cret")
    sim = start_ctisim(image="localhost/ctisim:latest", engine=str(FAKE_ENGINE),
                       config={"clock": {"virtual": True, "start": "2026-03-01T00:00:00Z"}},
                       env={"CTISIM_LOG_LEVEL": "warn"})
    try:
        assert sim.base_url.startswith("http://127.0.0.1:")
        assert sim.clock.now()["virtualClock"] is True, "the mounted configuration was read"
        assert sim.inject_call("+15551234", "15000").conn_id
    finally:
        assert sim.stop() == 0
    run, port, stop = log.read_text().splitlines()
    assert run.startswith("run --rm -d -p 127.0.0.1::8080 -v ")
    assert ":/config/ctisim.json:ro -e CTISIM_CONFIG=/config/ctisim.json" in run
    assert run.endswith(" -e CTISIM_CONTROL_ACCESS=ci:s3cret -e CTISIM_LOG_LEVEL=warn localhost/ctisim:latest")
    container = port.split()[1]
    assert port == f"port {container} 8080/tcp"
    assert stop == f"stop -t 5 {container}"
    assert not list((tmp_path / "state").iterdir()), "the container is gone"
