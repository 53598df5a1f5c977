"""Example: a client team's pytest suite with ctisim as its fixture (the
ctisim_fixture plugin). Where ctisim comes from: CTISIM_URL (one that runs
already, a CI service container), CTISIM_IMAGE (the image, with docker or
podman), else CTISIM_BIN (the program). Nothing sleeps: the agent waits for
its CometD notifications, the test for the switch's journal (journal?wait=)."""

from __future__ import annotations

from typing import Any, Callable

from ctisim_fixture import Agent, Sandbox


def call_in(call_id: str, state: str) -> Callable[[dict[str, Any]], bool]:
    return lambda n: n.get("call", {}).get("id") == call_id and n["call"].get("state") == state


def test_an_inbound_call_is_answered_then_conferenced_with_a_supervisor(ctisim: Sandbox,
                                                                       agent: Callable[..., Agent]) -> None:
    desk = agent("agent15000")
    assert desk.me("StartContactCenterSession", channels=["voice"]) == {"statusCode": 0}

    call = ctisim.inject_call("+15551234", "15000", {"AccountNumber": "12345"})
    ringing = desk.wait_for_notification(lambda n: n.get("call", {}).get("state") == "Ringing")
    call_id = ringing["call"]["id"]
    assert ringing["call"]["callType"] == "Inbound"
    assert ringing["call"]["userData"] == {"AccountNumber": "12345"}

    assert desk.call_operation(call_id, "Answer") == {"statusCode": 0}
    established = desk.wait_for_notification(call_in(call_id, "Established"))
    assert "SingleStepConference" in established["call"]["capabilities"]

    # the supervisor's phone (nobody logged in on 15002) answers at once
    assert desk.call_operation(call_id, "SingleStepConference", destination={"phoneNumber": "15002"}) == {"statusCode": 0}
    updated = desk.wait_for_notification(lambda n: n.get("notificationType") == "ParticipantsUpdated")
    assert len(updated["call"]["participants"]) == 2

    # the switch's own record: the conference request and the third party joining this call
    request = ctisim.wait_for(conn_id=call.conn_id, request="RequestSingleStepConference")
    added = ctisim.wait_for(conn_id=call.conn_id, event="EventPartyAdded", match=lambda e: "15002" in e["dns"],
                            after=request["seq"])
    assert added["connIds"] == [call.conn_id]

    # the customer hangs up; the agent's call ends
    ctisim.remote_party.hangup("+15551234", call.conn_id)
    left = ctisim.wait_for(conn_id=call.conn_id, event="EventPartyDeleted", after=added["seq"])
    assert "+15551234" in left["dns"]
    assert desk.call_operation(call_id, "Hangup") == {"statusCode": 0}
    ctisim.wait_for(dn="15000", event="EventReleased", after=left["seq"])
    desk.wait_for_notification(call_in(call_id, "Released"))
    assert desk.calls() == []


def test_each_test_starts_from_a_fresh_sandbox(ctisim: Sandbox) -> None:
    state = ctisim.state()
    assert state["calls"] == [], "the previous test's calls are gone"
    assert next(d for d in state["dns"] if d["dn"] == "15000")["agentState"] == "LoggedOut"
