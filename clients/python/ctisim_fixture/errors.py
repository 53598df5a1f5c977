"""The error a control API answer becomes."""

from __future__ import annotations

import json
from typing import Any


class CtisimError(Exception):
    """An error answer of the control API: its HTTP status and GWS-style body
    ({statusCode, statusMessage}, plus errorCode for a 409)."""

    def __init__(self, method: str, path: str, status: int, body: Any) -> None:
        super().__init__(f"{method} {path}: HTTP {status} {json.dumps(body)}")
        self.status = status
        self.body = body

    @property
    def status_code(self) -> int:
        """The body's statusCode, or -1 when it has none."""
        if isinstance(self.body, dict) and isinstance(self.body.get("statusCode"), int):
            return int(self.body["statusCode"])
        return -1
