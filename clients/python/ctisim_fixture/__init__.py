"""ctisim as a test fixture for Python suites: start it (binary or container
image), reset it between tests, drive calls through the control API, log
agents in with their CometD sessions, and wait for what must happen instead of
sleeping. Standard library only. The pytest plugin is ctisim_fixture.pytest_plugin."""

from .agent import Agent, Response
from .errors import CtisimError
from .openapi import OpenApi
from .process import connect_ctisim, start_ctisim
from .sandbox import Clock, ControlCredentials, ControlResponse, InjectedCall, RemoteParty, Sandbox, wait_healthy

__all__ = [
    "Agent",
    "Clock",
    "ControlCredentials",
    "ControlResponse",
    "CtisimError",
    "InjectedCall",
    "OpenApi",
    "RemoteParty",
    "Response",
    "Sandbox",
    "connect_ctisim",
    "start_ctisim",
    "wait_healthy",
]
__version__ = "0.1.0"
