"""The pytest plugin as a suite of a client team sees it, run in a pytest of
its own (pytester): ctisim_config overridden, a reset before each test, the
agent factory, --ctisim-bin, and a suite that fails when ctisim cannot start."""

from __future__ import annotations

import os

import pytest

pytest_plugins = ["pytester"]

SUITE = '''
import pytest

@pytest.fixture(scope="session")
def ctisim_config():
    return {"clock": {"virtual": True, "start": "2026-06-01T00:00:00Z"}}

START = 1780272000000  # 2026-06-01T00:00:00Z

def test_started_with_the_configuration(ctisim, agent):
    assert ctisim.clock.now()["now"] == START
    ctisim.clock.advance(5000)
    desk = agent("agent15000")
    assert desk.me("StartContactCenterSession", channels=["voice"]) == {"statusCode": 0}

def test_reset_to_it_before_the_next_test(ctisim):
    assert ctisim.clock.now()["now"] == START
    assert next(d for d in ctisim.state()["dns"] if d["dn"] == "15000")["agentState"] == "LoggedOut"
'''


def test_a_suite_with_its_own_configuration(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_suite=SUITE)
    result = pytester.runpytest_subprocess("-p", "ctisim_fixture.pytest_plugin", "--ctisim-bin", os.environ["CTISIM_BIN"])
    result.assert_outcomes(passed=2)


def test_a_suite_whose_ctisim_cannot_start_fails(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_suite=SUITE)
    result = pytester.runpytest_subprocess("-p", "ctisim_fixture.pytest_plugin", "--ctisim-bin", "/nonexistent/ctisim")
    result.assert_outcomes(errors=2)
    assert result.ret != 0
