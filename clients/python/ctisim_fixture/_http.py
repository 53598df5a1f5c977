"""The one HTTP client the helper uses: http.client, one connection a request
(a long poll holds its own), JSON bodies."""

from __future__ import annotations

import base64
import http.client
import json
import socket
import threading
import urllib.parse
from dataclasses import dataclass, field
from typing import Any, Mapping, Optional


@dataclass
class Answer:
    """An HTTP answer: status, headers (name lowercased: every value), body text."""

    status: int
    headers: dict[str, list[str]] = field(default_factory=dict)
    text: str = ""

    def json(self) -> Any:
        """The body parsed as JSON; None when empty."""
        return json.loads(self.text) if self.text else None

    def header(self, name: str) -> Optional[str]:
        values = self.headers.get(name.lower())
        return values[0] if values else None


def basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


class Request:
    """One request that another thread may abort (close()) while it is held."""

    def __init__(self, base_url: str, timeout: float = 120.0) -> None:
        parts = urllib.parse.urlsplit(base_url)
        if parts.scheme != "http" or not parts.hostname:
            raise ValueError(f"an http:// base URL, not {base_url!r}")
        self._conn = http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=timeout)
        self._lock = threading.Lock()
        self._closed = False

    def send(self, method: str, path: str, headers: Mapping[str, str], body: Any = None) -> Answer:
        all_headers = dict(headers)
        data = None
        if body is not None:
            data = json.dumps(body, separators=(",", ":")).encode()
            all_headers["Content-Type"] = "application/json"
        try:
            self._conn.request(method, path, body=data, headers=all_headers)
            response = self._conn.getresponse()
            text = response.read().decode()
        finally:
            self.close()
        collected: dict[str, list[str]] = {}
        for name, value in response.getheaders():
            collected.setdefault(name.lower(), []).append(value)
        return Answer(response.status, collected, text)

    def close(self) -> None:
        """Ends the request: a held one returns with an error at once."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            sock = self._conn.sock
            if sock is not None:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
            self._conn.close()


def send(base_url: str, method: str, path: str, headers: Mapping[str, str], body: Any = None,
         timeout: float = 120.0) -> Answer:
    return Request(base_url, timeout).send(method, path, headers, body)
