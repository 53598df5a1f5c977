"""Every control API answer of the example suite is checked against the OpenAPI
document the sandbox itself serves (GET /sim/v1/openapi.json)."""

from __future__ import annotations

from typing import Iterator

import pytest

from ctisim_fixture import OpenApi, Sandbox


@pytest.fixture(scope="session", autouse=True)
def every_answer_matches_the_served_document(ctisim_session: Sandbox) -> Iterator[None]:
    openapi = OpenApi(ctisim_session.control("GET", "/sim/v1/openapi.json"))
    assert openapi.document_problems() == []
    problems: list[str] = []
    ctisim_session.on_response(lambda r: problems.extend(openapi.validate_response(r)))
    yield
    assert problems == [], "every control API answer matches /sim/v1/openapi.json"
