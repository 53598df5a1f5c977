"""A running (or reachable) ctisim sandbox: the control API (/sim/v1), the
agents logged in through it, and wait_for(), a long poll on
GET /sim/v1/journal?wait= instead of sleeping. The verbs are those of the
Node.js helper (clients/node)."""

from __future__ import annotations

import os
import time
import urllib.parse
from dataclasses import dataclass
from typing import Any, Callable, Mapping, NamedTuple, Optional

from . import _http
from .agent import Agent
from .errors import CtisimError

JsonObject = dict[str, Any]


class InjectedCall(NamedTuple):
    """An inbound call the sandbox placed."""

    conn_id: str
    call_uuid: str


@dataclass(frozen=True)
class ControlResponse:
    """One control API answer as an on_response listener sees it (the path without its query)."""

    method: str
    path: str
    status: int
    body: Any


@dataclass(frozen=True)
class ControlCredentials:
    """HTTP Basic credentials for the control API from outside the sandbox's loopback
    (a container's published port, another host): what --control-access USER:PASSWORD
    (CTISIM_CONTROL_ACCESS) or the configuration's control.user/password set."""

    user: str
    password: str

    @staticmethod
    def parse(access: Optional[str]) -> Optional["ControlCredentials"]:
        """USER:PASSWORD (the password may hold ':'), else None ("loopback", "open", unset)."""
        if not access:
            return None
        user, colon, password = access.partition(":")
        return ControlCredentials(user, password) if colon and user else None

    @staticmethod
    def from_environment() -> Optional["ControlCredentials"]:
        """CTISIM_CONTROL_ACCESS when it is USER:PASSWORD (the variable the program and the image read too)."""
        return ControlCredentials.parse(os.environ.get("CTISIM_CONTROL_ACCESS"))


def _quote(value: str) -> str:
    return urllib.parse.quote(value, safe="")


def _matches(entry: JsonObject, kind: Optional[str], event: Optional[str], request: Optional[str],
             control: Optional[str], match: Optional[Callable[[JsonObject], bool]]) -> bool:
    data = entry.get("data") or {}
    if kind is not None and entry.get("kind") != kind:
        return False
    if event is not None and data.get("event") != event:
        return False
    if request is not None and data.get("request") != request:
        return False
    if control is not None and data.get("control") != control:
        return False
    return match is None or bool(match(entry))


class RemoteParty:
    """The far end of a call (a customer), by DN; conn_id picks the call when it is on several."""

    def __init__(self, sandbox: "Sandbox") -> None:
        self._sim = sandbox

    def _call(self, conn_id: Optional[str]) -> JsonObject:
        return {} if conn_id is None else {"connId": conn_id}

    def answer(self, dn: str, conn_id: Optional[str] = None) -> JsonObject:
        return self._sim._object("POST", f"/sim/v1/parties/{_quote(dn)}/answer", self._call(conn_id))

    def hangup(self, dn: str, conn_id: Optional[str] = None) -> JsonObject:
        return self._sim._object("POST", f"/sim/v1/parties/{_quote(dn)}/hangup", self._call(conn_id))

    def dtmf(self, dn: str, digits: str, conn_id: Optional[str] = None) -> JsonObject:
        return self._sim._object("POST", f"/sim/v1/parties/{_quote(dn)}/dtmf", {**self._call(conn_id), "digits": digits})


class Clock:
    """The switch's clock: {statusCode, now, virtualClock}; advance and set need a virtual clock."""

    def __init__(self, sandbox: "Sandbox") -> None:
        self._sim = sandbox

    def now(self) -> JsonObject:
        return self._sim._object("GET", "/sim/v1/clock")

    def advance(self, ms: int) -> JsonObject:
        return self._sim._object("POST", "/sim/v1/clock", {"advance": ms})

    def set(self, epoch_ms: int) -> JsonObject:
        return self._sim._object("POST", "/sim/v1/clock", {"set": epoch_ms})


class Sandbox:
    """A ctisim sandbox. start_ctisim() and connect_ctisim() make one."""

    def __init__(self, base_url: str, credentials: Optional[ControlCredentials] = None,
                 stop: Optional[Callable[[], int]] = None) -> None:
        self.base_url = base_url.rstrip("/")
        self._authorization = _http.basic(credentials.user, credentials.password) if credentials else None
        self._stop = stop
        self._agents: list[Agent] = []
        self._listeners: list[Callable[[ControlResponse], None]] = []
        self.remote_party = RemoteParty(self)
        self.clock = Clock(self)

    def on_response(self, listener: Callable[[ControlResponse], None]) -> None:
        """Sees every control API answer (the tests check each against the OpenAPI document)."""
        self._listeners.append(listener)

    def control(self, method: str, path: str, body: Any = None) -> Any:
        """One control API request: the JSON body of a 2xx answer, else CtisimError."""
        headers = {"Authorization": self._authorization} if self._authorization else {}
        answer = _http.send(self.base_url, method, path, headers, body)
        json_body = answer.json()
        seen = ControlResponse(method, path.split("?")[0], answer.status, json_body)
        for listener in list(self._listeners):
            listener(seen)
        if not 200 <= answer.status < 300:
            raise CtisimError(method, path, answer.status, json_body)
        return json_body

    def _object(self, method: str, path: str, body: Any = None) -> JsonObject:
        """control() for the routes that answer a JSON object."""
        answer = self.control(method, path, body)
        if not isinstance(answer, dict):
            raise CtisimError(method, path, 200, answer)
        return answer

    def reset(self, config: Optional[Mapping[str, Any]] = None) -> JsonObject:
        """POST /sim/v1/reset: back to config (or the configuration it started with); closes the agents."""
        self._close_agents()
        return self._object("POST", "/sim/v1/reset", None if config is None else dict(config))

    def inject_call(self, from_: str, to: str, user_data: Optional[Mapping[str, Any]] = None) -> InjectedCall:
        """An inbound call from an external number to a DN."""
        body: JsonObject = {"from": from_, "to": to}
        if user_data is not None:
            body["userData"] = dict(user_data)
        answer = self._object("POST", "/sim/v1/calls", body)
        return InjectedCall(answer["connId"], answer["callUuid"])

    def set_behaviour(self, dn: str, behaviour: Mapping[str, Any]) -> JsonObject:
        """PUT /sim/v1/dns/{dn}/behaviour: {"behaviour": "answer"|"busy"|"noAnswer"|"ringForever"|"reject", ...}."""
        return self._object("PUT", f"/sim/v1/dns/{_quote(dn)}/behaviour", dict(behaviour))

    def state(self) -> JsonObject:
        """GET /sim/v1/state: DNs and calls."""
        return self._object("GET", "/sim/v1/state")

    def faults(self, faults: Mapping[str, Any]) -> JsonObject:
        """POST /sim/v1/faults: {link: "down"|"up", eventDelayMs, dropRequests, dropEvents}."""
        return self._object("POST", "/sim/v1/faults", dict(faults))

    def journal(self, **query: Any) -> JsonObject:
        """GET /sim/v1/journal with the server's filters: dn, connId, since, until, after, limit, wait."""
        params = {k: str(v).lower() if isinstance(v, bool) else str(v) for k, v in query.items() if v is not None}
        suffix = "?" + urllib.parse.urlencode(params) if params else ""
        return self._object("GET", "/sim/v1/journal" + suffix)

    def wait_for(self, *, dn: Optional[str] = None, conn_id: Optional[str] = None, kind: Optional[str] = None,
                 event: Optional[str] = None, request: Optional[str] = None, control: Optional[str] = None,
                 match: Optional[Callable[[JsonObject], bool]] = None, timeout: float = 5.0,
                 after: int = 0) -> JsonObject:
        """The first journal entry with seq > after matching the filter, waited for
        with journal?wait= (no polling, no sleeping). The server filters on dn and
        conn_id; the helper on kind, event ("EventRinging"), request
        ("RequestAnswerCall"), control ("AdvanceClock") and match(entry).
        AssertionError when none came within timeout seconds."""
        deadline = time.monotonic() + timeout
        cursor = after
        while True:
            wait_ms = max(0, int((deadline - time.monotonic()) * 1000))
            page = self.journal(dn=dn, connId=conn_id, after=cursor, limit=1000, wait=min(wait_ms, 60000))
            entries: list[JsonObject] = page["entries"]
            for entry in entries:
                if _matches(entry, kind, event, request, control, match):
                    return entry
            if entries:
                cursor = entries[-1]["seq"]
            elif page["lastSeq"] < cursor:
                cursor = 0  # a reset started a new journal
            if wait_ms == 0 or time.monotonic() >= deadline:
                shown = {k: v for k, v in (("dn", dn), ("connId", conn_id), ("kind", kind), ("event", event),
                                           ("request", request), ("control", control)) if v is not None}
                raise AssertionError(f"no journal entry matching {shown}{' and match()' if match else ''} "
                                     f"within {int(timeout * 1000)} ms")

    def agent(self, user_name: str, password: str = "password") -> Agent:
        """An agent logged in, its CometD session open on /v2/me/*. Closed by reset() and stop()."""
        agent = Agent(self.base_url, user_name, password)
        self._agents.append(agent)
        return agent.open()

    def _close_agents(self) -> None:
        agents, self._agents = self._agents, []
        for agent in agents:
            agent.close()

    def stop(self) -> int:
        """Closes the agents and stops the process this helper started: its exit code (0 when clean), 0 if none."""
        self._close_agents()
        return self._stop() if self._stop else 0

    def __enter__(self) -> "Sandbox":
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def wait_healthy(sandbox: Sandbox, timeout: float = 10.0) -> None:
    """Until GET /sim/v1/health answers 200 (asked every 20 ms: nothing to long-poll before the server listens)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            sandbox.control("GET", "/sim/v1/health")
            return
        except (OSError, CtisimError, ValueError) as not_yet:
            if time.monotonic() > deadline:
                raise TimeoutError(f"ctisim at {sandbox.base_url} was not healthy within {timeout} s: {not_yet}") from not_yet
        time.sleep(0.02)
