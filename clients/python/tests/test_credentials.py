"""CTISIM_CONTROL_ACCESS as the helper reads it: credentials only for USER:PASSWORD."""

from __future__ import annotations

import http.server
import threading
from typing import Any, Optional

import pytest

from ctisim_fixture import ControlCredentials, connect_ctisim
from ctisim_fixture._http import basic


def test_user_colon_password_is_credentials_and_the_rest_is_not() -> None:
    assert ControlCredentials.parse("ci:s3:cret") == ControlCredentials("ci", "s3:cret")
    assert ControlCredentials.parse(None) is None
    assert ControlCredentials.parse("open") is None
    assert ControlCredentials.parse("loopback") is None
    assert ControlCredentials.parse(":nobody") is None
    assert basic("ci", "s3:cret") == "Basic Y2k6czM6Y3JldA=="


def test_the_credentials_go_with_every_control_request(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[Optional[str]] = []

    class Health(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the handler's name
            seen.append(self.headers.get("Authorization"))
            body = b'{"status":"ok"}'
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Health)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        connect_ctisim(url, credentials=ControlCredentials("ci", "s3cret")).control("GET", "/sim/v1/health")
        monkeypatch.setenv("CTISIM_CONTROL_ACCESS", "env:pw")
        connect_ctisim(url)  # connecting asks for the health
        monkeypatch.setenv("CTISIM_CONTROL_ACCESS", "open")
        connect_ctisim(url)
    finally:
        server.shutdown()
        server.server_close()
    assert seen == [basic("ci", "s3cret"), basic("ci", "s3cret"), basic("env", "pw"), None]
