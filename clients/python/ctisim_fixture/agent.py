"""One agent's GWS session: HTTP Basic on the first request, then its
JSESSIONID cookie (and the CSRF token when the sandbox asks for one), and a
CometD long-polling session on /api/v2/notifications subscribed to /v2/me/*,
polled by a thread of its own."""

from __future__ import annotations

import threading
import time
from typing import Any, Callable, Mapping, NamedTuple, Optional

from . import _http

Notification = dict[str, Any]


class Response(NamedTuple):
    """A GWS answer: the HTTP status and the parsed JSON body (None when empty)."""

    status: int
    json: Any


class Agent:
    def __init__(self, base_url: str, user_name: str, password: str) -> None:
        self.base_url = base_url
        self.user_name = user_name
        self._password = password
        self._cookies: dict[str, str] = {}
        self._csrf: Optional[tuple[str, str]] = None
        self._state = threading.Condition()
        self._notifications: list[Notification] = []
        self._failure: Optional[BaseException] = None
        self._client_id: Optional[str] = None
        self._poller: Optional[threading.Thread] = None
        self._held: Optional[_http.Request] = None
        self._closed = False
        self.user: Any = None

    def _headers(self) -> dict[str, str]:
        with self._state:
            headers: dict[str, str] = {}
            if self._cookies:
                headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self._cookies.items())
            else:
                headers["Authorization"] = _http.basic(self.user_name, self._password)
            if self._csrf:
                headers[self._csrf[0]] = self._csrf[1]
            return headers

    def _remember(self, answer: _http.Answer) -> None:
        with self._state:
            for line in answer.headers.get("set-cookie", []):
                pair = line.split(";", 1)[0]
                name, eq, value = pair.partition("=")
                if eq:
                    self._cookies[name.strip()] = value.strip()
            token = answer.header("x-csrf-token")
            if token:
                self._csrf = (answer.header("x-csrf-header") or "X-CSRF-TOKEN", token)

    def request(self, method: str, path: str, body: Any = None) -> Response:
        """One GWS request, e.g. request("GET", "/api/v2/me/calls")."""
        answer = _http.send(self.base_url, method, path, self._headers(), body)
        self._remember(answer)
        return Response(answer.status, answer.json())

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post(self, path: str, body: Any = None) -> Response:
        return self.request("POST", path, body)

    def me(self, operation_name: str, **fields: Any) -> Any:
        """POST /api/v2/me {"operationName": ...}: StartContactCenterSession, Ready, NotReady ... The JSON answer."""
        return self.post("/api/v2/me", {"operationName": operation_name, **fields}).json

    def call_operation(self, call_id: str, operation_name: str, **fields: Any) -> Any:
        """POST an operation on a call (Answer, Hangup, SingleStepConference ...): the JSON answer."""
        return self.post(f"/api/v2/me/calls/{call_id}", {"operationName": operation_name, **fields}).json

    def calls(self) -> list[dict[str, Any]]:
        """The agent's calls with every field (GET /api/v2/me/calls?fields=*)."""
        answer = self.get("/api/v2/me/calls?fields=*")
        if not isinstance(answer.json, dict) or answer.json.get("statusCode") != 0:
            raise RuntimeError(f"GET /api/v2/me/calls: {answer.json}")
        calls: list[dict[str, Any]] = answer.json["calls"]
        return calls

    def _replies(self, answer: _http.Answer) -> list[dict[str, Any]]:
        self._remember(answer)
        if answer.status != 200:
            raise RuntimeError(f"CometD: HTTP {answer.status} {answer.text}")
        replies: list[dict[str, Any]] = answer.json()
        return replies

    def _bayeux(self, message: Mapping[str, Any]) -> list[dict[str, Any]]:
        return self._replies(_http.send(self.base_url, "POST", "/api/v2/notifications", self._headers(), [dict(message)]))

    def open(self) -> "Agent":
        """Logs in (GET /api/v2/me), handshakes, subscribes /v2/me/* and starts long-polling."""
        me = self.get("/api/v2/me")
        if me.status != 200:
            raise RuntimeError(f"{self.user_name} cannot log in: HTTP {me.status} {me.json}")
        self.user = me.json.get("user")
        hs = self._bayeux({"channel": "/meta/handshake", "version": "1.0", "supportedConnectionTypes": ["long-polling"]})[0]
        if not hs.get("successful"):
            raise RuntimeError(f"CometD handshake failed: {hs}")
        self._client_id = hs["clientId"]
        sub = self._bayeux({"channel": "/meta/subscribe", "clientId": self._client_id, "subscription": "/v2/me/*"})
        if not any(m.get("channel") == "/meta/subscribe" and m.get("successful") for m in sub):
            raise RuntimeError(f"CometD subscribe failed: {sub}")
        self._deliver(sub)
        self._poller = threading.Thread(target=self._poll, name=f"ctisim-cometd-{self.user_name}", daemon=True)
        self._poller.start()
        return self

    def _poll(self) -> None:
        connect = {"channel": "/meta/connect", "clientId": self._client_id, "connectionType": "long-polling"}
        while not self._closed:
            held = _http.Request(self.base_url)
            with self._state:
                if self._closed:
                    return
                self._held = held
            try:
                replies = self._replies(held.send("POST", "/api/v2/notifications", self._headers(), [connect]))
            except Exception as error:  # noqa: BLE001 - any failure ends the session and wakes the waiters
                if not self._closed:
                    self._fail(RuntimeError(f"{self.user_name}: CometD connect: {error}"))
                return
            self._deliver(replies)
            for m in replies:
                if m.get("channel") == "/meta/connect" and not m.get("successful"):
                    if not self._closed:
                        self._fail(RuntimeError(f"{self.user_name}: CometD connect failed: {m}"))
                    return

    def _deliver(self, messages: list[dict[str, Any]]) -> None:
        with self._state:
            for m in messages:
                channel = m.get("channel", "")
                if not channel or channel.startswith("/meta/"):
                    continue
                data = m.get("data")
                self._notifications.append({"channel": channel, **(data if isinstance(data, dict) else {})})
            self._state.notify_all()

    def _fail(self, error: BaseException) -> None:
        with self._state:
            self._failure = error
            self._state.notify_all()

    @property
    def notifications(self) -> list[Notification]:
        """Every notification received so far, oldest first: {channel, ...data}."""
        with self._state:
            return list(self._notifications)

    def wait_for_notification(self, predicate: Callable[[Notification], bool], timeout: float = 5.0,
                              since: int = 0) -> Notification:
        """The first notification at index since or later (into notifications) for
        which predicate is true; waits for it (the poller wakes this thread).
        AssertionError naming what came when none did within timeout seconds."""
        deadline = time.monotonic() + timeout
        with self._state:
            index = since
            while True:
                while index < len(self._notifications):
                    if predicate(self._notifications[index]):
                        return self._notifications[index]
                    index += 1
                if self._failure is not None:
                    raise self._failure
                left = deadline - time.monotonic()
                if left <= 0:
                    seen = ", ".join(f"{n.get('messageType')}/{n.get('notificationType') or ''}" for n in self._notifications)
                    raise AssertionError(f"{self.user_name}: no matching notification within {int(timeout * 1000)} ms "
                                         f"({len(self._notifications)} received: {seen})")
                self._state.wait(left)

    def close(self) -> None:
        """Disconnects the CometD session (the held /meta/connect is answered) and stops the poller."""
        with self._state:
            if self._closed:
                return
            self._closed = True
            held = self._held
        if self._client_id:
            try:
                self._bayeux({"channel": "/meta/disconnect", "clientId": self._client_id})
            except (OSError, RuntimeError, ValueError):
                pass  # the sandbox was reset or stopped: the session is gone already
        if held is not None:
            held.close()
        if self._poller is not None:
            self._poller.join(5)

    def __enter__(self) -> "Agent":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
