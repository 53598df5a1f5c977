"""The helper against a real ctisim (CTISIM_BIN): reset, inject, remote
parties, clock, faults, journal, wait_for, agents, and the long poll
GET /sim/v1/journal?wait= it rests on. The same cases as clients/node/test."""

from __future__ import annotations

import re
import threading
import time
import urllib.request
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

import pytest

from ctisim_fixture import Agent, CtisimError, OpenApi, Sandbox, start_ctisim

REPOSITORY = Path(__file__).resolve().parents[3]


def test_the_served_document_is_the_repositorys(ctisim: Sandbox, openapi: OpenApi) -> None:
    with urllib.request.urlopen(f"{ctisim.base_url}/sim/v1/openapi.json") as res:
        assert res.status == 200
        assert res.read().decode() == (REPOSITORY / "docs/openapi/sim-v1.json").read_text()
    assert ctisim.control("GET", "/sim/v1/openapi.json")["openapi"] == "3.1.0"


def test_an_inbound_call_is_answered_and_the_customer_hangs_up(ctisim: Sandbox, agent: Callable[..., Agent]) -> None:
    a = agent("agent15000")
    assert a.me("StartContactCenterSession", channels=["voice"]) == {"statusCode": 0}
    call = ctisim.inject_call("+15551234", "15000", {"Segment": "Gold"})
    assert re.fullmatch(r"[0-9a-f]{16}", call.conn_id)
    ringing = a.wait_for_notification(lambda n: n.get("call", {}).get("state") == "Ringing")
    assert ringing["call"]["callUuid"] == call.call_uuid
    assert ringing["call"]["userData"] == {"Segment": "Gold"}
    assert a.call_operation(ringing["call"]["id"], "Answer") == {"statusCode": 0}
    a.wait_for_notification(lambda n: n.get("call", {}).get("state") == "Established")
    ctisim.remote_party.hangup("+15551234", call.conn_id)
    released = ctisim.wait_for(dn="15000", event="EventReleased")
    assert released["connIds"] == [call.conn_id]
    a.wait_for_notification(lambda n: n.get("call", {}).get("state") == "Released")
    assert a.calls() == []


def test_remote_parties_answer_and_send_digits_and_errors_carry_the_gws_body(ctisim: Sandbox,
                                                                            agent: Callable[..., Agent]) -> None:
    ctisim.set_behaviour("+14155550100", {"behaviour": "ringForever"})
    a = agent("agent15001")
    devices = a.get("/api/v2/me/devices?fields=*").json["devices"]
    a.post(f"/api/v2/me/devices/{devices[0]['id']}/calls",
           {"operationName": "Dial", "destination": {"phoneNumber": "+14155550100"}})
    ringing = ctisim.wait_for(dn="+14155550100", event="EventRinging")
    ctisim.remote_party.answer("+14155550100")
    ctisim.remote_party.dtmf("+14155550100", "1234")
    dtmf = ctisim.wait_for(request="RequestSendDTMF", after=ringing["seq"])
    assert dtmf["data"]["digits"] == "1234"
    with pytest.raises(CtisimError) as not_on_a_call:
        ctisim.remote_party.answer("15099")
    assert (not_on_a_call.value.status, not_on_a_call.value.status_code) == (404, 6)
    with pytest.raises(CtisimError) as refused:
        ctisim.remote_party.answer("+14155550100", "0000000000000bad")
    assert (refused.value.status, refused.value.status_code, refused.value.body["errorCode"]) == (409, 2, 56)


def test_faults_health_and_method_errors(ctisim: Sandbox) -> None:
    assert ctisim.control("GET", "/sim/v1/health") == {"status": "ok"}
    assert ctisim.faults({"link": "down"})["link"] == "down"
    assert ctisim.control("GET", "/sim/v1/faults")["link"] == "down"
    dropping = ctisim.faults({"link": "up", "dropEvents": 3})
    assert (dropping["dropEvents"], dropping["droppedEvents"]) == (3, 0)
    with pytest.raises(CtisimError) as too_many:
        ctisim.faults({"dropEvents": 1000001})
    assert (too_many.value.status, too_many.value.status_code) == (400, 10)
    with pytest.raises(CtisimError) as sideways:
        ctisim.faults({"link": "sideways"})
    assert sideways.value.status == 400
    with pytest.raises(CtisimError) as wrong_method:
        ctisim.control("DELETE", "/sim/v1/state")
    assert wrong_method.value.status == 405
    with pytest.raises(CtisimError) as no_route:
        ctisim.control("GET", "/sim/v1/nothing")
    assert no_route.value.status == 404
    with pytest.raises(CtisimError) as real_clock:
        ctisim.clock.advance(1000)
    assert real_clock.value.status == 409, "the real clock cannot be moved"


def test_the_virtual_clock_moves_only_when_told(ctisim: Sandbox) -> None:
    ctisim.reset({"clock": {"virtual": True, "start": "2026-01-01T00:00:00Z"}})
    clock = ctisim.clock.now()
    start = clock["now"]
    assert start == int(datetime(2026, 1, 1, tzinfo=timezone.utc).timestamp() * 1000)
    assert clock["virtualClock"] is True
    assert ctisim.clock.advance(52000)["now"] == start + 52000
    moved = ctisim.wait_for(control="AdvanceClock")
    assert moved["kind"] == "control"
    assert ctisim.state()["now"] == start + 52000
    assert ctisim.clock.set(start + 60000)["now"] == start + 60000


def test_a_journal_wait_is_answered_as_soon_as_a_matching_entry_comes(ctisim: Sandbox) -> None:
    last_seq = ctisim.journal(limit=1)["lastSeq"]
    wait_ms = 10000
    began = time.monotonic()
    result: dict[str, Any] = {}

    def hold() -> None:
        result["page"] = ctisim.journal(dn="15002", after=last_seq, wait=wait_ms)
        result["at"] = time.monotonic()

    held = threading.Thread(target=hold)
    held.start()
    ctisim.inject_call("+15550001", "15003")  # nothing matches yet: unrelated traffic does not answer it
    injected_at = time.monotonic()
    assert "at" not in result, "not answered by an entry that does not concern 15002"
    ctisim.inject_call("+15550002", "15002")
    held.join(wait_ms / 1000 + 5)
    assert result["at"] >= injected_at, "answered after the matching event, not before"
    elapsed = (result["at"] - began) * 1000
    assert elapsed < wait_ms / 2, f"answered {elapsed:.0f} ms after asking: well before the deadline"
    entries = result["page"]["entries"]
    assert entries and all(e["seq"] > last_seq and "15002" in e["dns"] for e in entries)


def test_a_journal_wait_is_answered_empty_at_its_deadline(ctisim: Sandbox) -> None:
    last_seq = ctisim.journal(limit=1)["lastSeq"]
    began = time.monotonic()
    page = ctisim.journal(dn="15098", after=last_seq, wait=300)
    elapsed = (time.monotonic() - began) * 1000
    assert page["entries"] == []
    assert elapsed >= 295, f"held until the deadline ({elapsed:.0f} ms of 300)"
    with pytest.raises(CtisimError) as too_long:
        ctisim.journal(wait=60001)
    assert too_long.value.status == 400 and '"wait"' in too_long.value.body["statusMessage"]


def test_wait_for_gives_up_naming_what_it_waited_for(ctisim: Sandbox) -> None:
    with pytest.raises(AssertionError, match=r"'dn': '15097', 'event': 'EventRinging'"):
        ctisim.wait_for(dn="15097", event="EventRinging", timeout=0.2)


def test_a_reset_closes_the_agents_and_ends_their_sessions(ctisim: Sandbox, agent: Callable[..., Agent]) -> None:
    a = agent("agent15003")
    assert a.get("/api/v2/me").status == 200
    ctisim.reset()
    assert a.get("/api/v2/me").status == 401, "the reset ended the agent's HTTP session"
    again = agent("agent15003")
    assert again.me("StartContactCenterSession", channels=["voice"]) == {"statusCode": 0}
    again.wait_for_notification(lambda n: n.get("messageType") == "DeviceStateChangeMessage")


def test_a_started_sandbox_takes_its_configuration_and_stops_cleanly(ctisim_session: Sandbox) -> None:
    # a second process, besides the session's: started with a configuration, stopped by SIGTERM
    with start_ctisim(config={"seed": 7, "clock": {"virtual": True, "start": "2026-02-01T00:00:00Z"}}) as other:
        assert other.base_url != ctisim_session.base_url
        assert other.clock.now()["virtualClock"] is True
        assert other.stop() == 0, "ctisim stops cleanly on SIGTERM"


def test_a_missing_program_is_a_clear_error() -> None:
    with pytest.raises(RuntimeError, match="cannot start /nonexistent/ctisim"):
        start_ctisim(binary="/nonexistent/ctisim")
