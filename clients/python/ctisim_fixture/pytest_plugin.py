"""The pytest plugin: fixtures ctisim (the sandbox, reset before each test) and
agent (a factory: agent("agent15000") is logged in with its CometD session).

Where ctisim comes from, first that is set: --ctisim-url / CTISIM_URL (one that
runs already, a CI service container), --ctisim-image / CTISIM_IMAGE (the image,
with CTISIM_IMAGE_ENGINE docker or podman), --ctisim-bin / CTISIM_BIN, else
"ctisim" on PATH. Override the session fixture ctisim_config to start it with a
configuration of your own. Installed, the plugin loads itself (entry point
pytest11); from a checkout: pytest -p ctisim_fixture.pytest_plugin.
"""

from __future__ import annotations

import os
from typing import Any, Callable, Iterator, Mapping, Optional

import pytest

from .agent import Agent
from .process import connect_ctisim, start_ctisim
from .sandbox import Sandbox


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("ctisim")
    group.addoption("--ctisim-url", default=None, help="a ctisim that runs already (default CTISIM_URL)")
    group.addoption("--ctisim-image", default=None, help="a ctisim container image to run (default CTISIM_IMAGE)")
    group.addoption("--ctisim-bin", default=None, help="the ctisim program (default CTISIM_BIN, else ctisim on PATH)")


@pytest.fixture(scope="session")
def ctisim_config() -> Optional[Mapping[str, Any]]:
    """The configuration the sandbox starts with and each reset returns to (None: its defaults)."""
    return None


@pytest.fixture(scope="session")
def ctisim_session(request: pytest.FixtureRequest, ctisim_config: Optional[Mapping[str, Any]]) -> Iterator[Sandbox]:
    """One sandbox for the whole session, stopped at its end."""
    option = request.config.getoption
    url = option("--ctisim-url") or os.environ.get("CTISIM_URL")
    image = option("--ctisim-image") or os.environ.get("CTISIM_IMAGE")
    if url:
        sandbox = connect_ctisim(url)
        if ctisim_config is not None:
            sandbox.reset(ctisim_config)  # a service container: send the configuration with the reset
    elif image:
        sandbox = start_ctisim(image=image, config=ctisim_config)
    else:
        sandbox = start_ctisim(binary=option("--ctisim-bin"), config=ctisim_config)
    yield sandbox
    sandbox.stop()


@pytest.fixture
def ctisim(ctisim_session: Sandbox, ctisim_config: Optional[Mapping[str, Any]]) -> Sandbox:
    """The sandbox, reset before the test: no call, login or session of an earlier test survives."""
    ctisim_session.reset(ctisim_config)
    return ctisim_session


@pytest.fixture
def agent(ctisim: Sandbox) -> Callable[..., Agent]:
    """agent("agent15000") logs an agent in and opens its CometD session (closed by the next reset)."""
    return ctisim.agent
