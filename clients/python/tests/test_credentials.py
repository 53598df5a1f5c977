"""CTISIM_CONTROL_ACCESS as the helper reads it: credentials only for USER:PASSWORD."""

from ctisim_fixture import ControlCredentials
from ctisim_fixture._http import basic


def test_user_colon_password_is_credentials_and_the_rest_is_not() -> None:
    assert ControlCredentials.parse("ci:s3:cret") == ControlCredentials("ci", "s3:cret")
    assert ControlCredentials.parse(None) is None
    assert ControlCredentials.parse("open") is None
    assert ControlCredentials.parse("loopback") is None
    assert ControlCredentials.parse(":nobody") is None
    assert basic("ci", "s3:cret") == "Basic Y2k6czM6Y3JldA=="
