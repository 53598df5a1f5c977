"""Every control API answer the helper's tests see is checked against the
repository's OpenAPI document (docs/openapi/sim-v1.json); the session fails at
its end if one differed, or if too few routes were seen to mean anything."""

from __future__ import annotations

import re
from typing import Iterator

import pytest

from ctisim_fixture import ControlResponse, OpenApi, Sandbox
from ctisim_fixture.openapi import load_repository_document

DOCUMENT = load_repository_document()


class Checked:
    def __init__(self) -> None:
        self.problems: list[str] = []
        self.seen: set[str] = set()

    def __call__(self, r: ControlResponse) -> None:
        path = re.sub(r"/(parties|dns)/[^/]+/", r"/\1/{dn}/", r.path)
        self.seen.add(f"{r.method} {path} {r.status}")
        self.problems.extend(DOCUMENT.validate_response(r))


@pytest.fixture(scope="session")
def openapi() -> OpenApi:
    return DOCUMENT


@pytest.fixture(scope="session", autouse=True)
def every_answer_checked(request: pytest.FixtureRequest) -> Iterator[Checked]:
    checked = Checked()
    needs_sandbox = any("ctisim" in item.fixturenames for item in request.session.items)
    if needs_sandbox:
        sandbox: Sandbox = request.getfixturevalue("ctisim_session")
        sandbox.on_response(checked)
    yield checked
    if needs_sandbox:
        assert checked.problems == [], "every control API answer matches docs/openapi/sim-v1.json"
        assert len(checked.seen) >= 15, f"answers of many routes were checked: {sorted(checked.seen)}"
