"""The schema checker: the repository's document is one it can check whole,
and it finds each kind of difference the tests rely on it to find."""

import json

from ctisim_fixture import ControlResponse, OpenApi


def check(doc: OpenApi, method: str, path: str, status: int, body: str) -> list[str]:
    return doc.validate_response(ControlResponse(method, path, status, json.loads(body)))


def test_the_document_is_openapi_31_and_uses_only_keywords_the_checker_knows(openapi: OpenApi) -> None:
    assert openapi.document["openapi"] == "3.1.0"
    assert openapi.document_problems() == []


def test_answers_that_match_pass(openapi: OpenApi) -> None:
    assert check(openapi, "GET", "/sim/v1/health", 200, '{"status":"ok"}') == []
    assert check(openapi, "POST", "/sim/v1/calls", 200, '{"statusCode":0,"connId":"0000000000000001","callUuid":"X"}') == []
    assert check(openapi, "GET", "/sim/v1/nothing", 404, '{"statusCode":6,"statusMessage":"no such route"}') == []
    assert check(openapi, "DELETE", "/sim/v1/state", 405, '{"statusCode":3,"statusMessage":"no"}') == []


def test_each_kind_of_difference_is_found(openapi: OpenApi) -> None:
    assert check(openapi, "GET", "/sim/v1/health", 200, '{"status":"ok","uptime":3}') == [
        "GET /sim/v1/health 200: / must not have property uptime"]
    assert "must have property status" in check(openapi, "GET", "/sim/v1/health", 200, "{}")[0]
    assert "/now must be integer" in check(openapi, "GET", "/sim/v1/clock", 200,
                                           '{"statusCode":0,"now":"soon","virtualClock":true}')[0]
    assert "/virtualClock must be boolean" in check(openapi, "GET", "/sim/v1/clock", 200,
                                                    '{"statusCode":0,"now":1,"virtualClock":1}')[0]
    assert "/connId must match" in check(openapi, "POST", "/sim/v1/calls", 200,
                                         '{"statusCode":0,"connId":"xyz","callUuid":"X"}')[0]
    faults = ('{"statusCode":0,"link":"sideways","eventDelayMs":0,"dropRequests":0,"dropEvents":0,'
              '"droppedRequests":0,"droppedEvents":0}')
    assert any("/link must be one of" in p for p in check(openapi, "POST", "/sim/v1/faults", 200, faults))
    assert check(openapi, "PATCH", "/sim/v1/health", 200, "{}") == ["PATCH /sim/v1/health is not in the document"]
    assert check(openapi, "GET", "/elsewhere", 200, "{}") == ["/elsewhere is not in the document"]


def test_keywords_outside_the_subset_are_reported_not_skipped() -> None:
    doc = OpenApi({"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {},
                   "components": {"schemas": {"A": {"type": "string", "format": "email"},
                                              "B": {"$ref": "#/components/schemas/Missing"}}}})
    assert doc.document_problems() == ["components/schemas/A: keyword format is not one this checker knows",
                                       "components/schemas/B: $ref #/components/schemas/Missing leads nowhere"]
    assert doc.validate({"type": "string", "format": "email"}, "a@b") == [
        "/ keyword format is not one this checker knows"]
    assert doc.validate({"oneOf": [{"type": "integer"}, {"minimum": 0}]}, 3) == [
        "/ must match exactly one schema of oneOf, matches 2"]
    assert doc.validate({"const": 1}, True) == ["/ must be 1, is true"], "true is not 1 in JSON"
