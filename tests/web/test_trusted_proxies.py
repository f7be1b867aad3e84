"""Behind a load balancer the sign-in throttle counts the client's address, and only trusted proxies say it."""
from __future__ import annotations

import pytest

from logistics import create_app
from logistics.config import ConfigurationError
from logistics.proxies import client_address, parse
from logistics.services.throttle import MAX_PER_ADDRESS
from tests.factories import Factories
from tests.web.conftest import PASSWORD, Browser

BALANCER = "10.0.0.5"


def _sign_in(browser: Browser, email: str, password: str, peer: str, forwarded: str | None):
    """Fill in the sign-in form and send it from ``peer``, with an X-Forwarded-For header if given."""
    request = {"environ_base": {"REMOTE_ADDR": peer},
               "headers": {"X-Forwarded-For": forwarded} if forwarded else {}}
    page = browser.get("/login", **request)
    return browser.submit(page, "Sign in", {"email": email, "password": password}, **request)


def _attempts(browser: Browser, count: int, peer: str, forwarded=lambda index: None):
    """Send ``count`` failed sign-ins, each under a new email, from ``peer`` with an optional X-Forwarded-For."""
    for index in range(count):
        response = _sign_in(browser, f"guess{index}@example.org", "wrong", peer, forwarded(index))
        assert response.status_code == 401, response.status_code


def _signs_in(browser: Browser, email: str, peer: str, forwarded: str | None = None) -> int:
    return _sign_in(browser, email, PASSWORD, peer, forwarded).status_code


@pytest.mark.parametrize("setting", ["1", f"{BALANCER}", "10.0.0.0/24", "192.0.2.1, 10.0.0.0/8"])
def test_failures_from_one_forwarded_client_do_not_lock_out_another_client_of_the_balancer(own_app, setting):
    app = own_app(TRUSTED_PROXIES=setting)
    Factories(app).user("staff", email="clerk@example.org", password=PASSWORD)
    attacker, user = Browser(app.test_client()), Browser(app.test_client())

    _attempts(attacker, MAX_PER_ADDRESS, BALANCER, lambda _: "203.0.113.66")

    assert _signs_in(attacker, "clerk@example.org", BALANCER, "203.0.113.66") == 429
    assert _signs_in(user, "clerk@example.org", BALANCER, "198.51.100.7") == 302


def test_without_the_setting_a_forged_forwarded_for_does_not_escape_the_address_limit(own_app):
    app = own_app()
    Factories(app).user("staff", email="clerk@example.org", password=PASSWORD)
    attacker = Browser(app.test_client())

    _attempts(attacker, MAX_PER_ADDRESS, "203.0.113.66", lambda index: f"198.51.100.{index}")

    assert _signs_in(attacker, "clerk@example.org", "203.0.113.66", "192.0.2.99") == 429


def test_a_client_that_is_not_a_listed_proxy_cannot_speak_for_another(own_app):
    app = own_app(TRUSTED_PROXIES=BALANCER)
    Factories(app).user("staff", email="clerk@example.org", password=PASSWORD)
    attacker = Browser(app.test_client())

    # Straight to the app, not through the balancer: the header it sends is its own word.
    _attempts(attacker, MAX_PER_ADDRESS, "203.0.113.66", lambda index: f"198.51.100.{index}")

    assert _signs_in(attacker, "clerk@example.org", "203.0.113.66", "192.0.2.99") == 429


def test_a_forged_entry_left_of_the_balancers_own_is_not_taken_for_the_client(own_app):
    app = own_app(TRUSTED_PROXIES="1")
    Factories(app).user("staff", email="clerk@example.org", password=PASSWORD)
    attacker = Browser(app.test_client())

    # The client writes a new address each time; the balancer appends the one it saw.
    _attempts(attacker, MAX_PER_ADDRESS, BALANCER, lambda index: f"198.51.100.{index}, 203.0.113.66")

    assert _signs_in(attacker, "clerk@example.org", BALANCER, "192.0.2.99, 203.0.113.66") == 429


@pytest.mark.parametrize(("setting", "peer", "forwarded", "client"), [
    ("1", BALANCER, "203.0.113.66", "203.0.113.66"),
    ("1", BALANCER, "1.1.1.1, 203.0.113.66", "203.0.113.66"),
    ("2", BALANCER, "1.1.1.1, 203.0.113.66, 10.0.0.9", "203.0.113.66"),
    ("2", BALANCER, "203.0.113.66", BALANCER),  # fewer entries than proxies: not from our proxies
    ("10.0.0.0/8", BALANCER, "1.1.1.1, 203.0.113.66, 10.0.0.9", "203.0.113.66"),
    ("10.0.0.0/8", BALANCER, "10.0.0.8, 10.0.0.9", "10.0.0.8"),  # all ours: the leftmost stands
    ("10.0.0.0/8", "203.0.113.66", "1.1.1.1", "203.0.113.66"),  # not through our proxy
    ("10.0.0.5, fd00::/8", "fd00::1", "203.0.113.66", "203.0.113.66"),
    ("10.0.0.5", "::ffff:10.0.0.5", "203.0.113.66", "203.0.113.66"),  # IPv4 seen on an IPv6 socket
    ("10.0.0.5", BALANCER, " , 203.0.113.66 ,", "203.0.113.66"),
])
def test_the_client_is_the_first_address_not_written_by_our_proxies(setting, peer, forwarded, client):
    assert client_address(peer, forwarded.split(","), parse(setting)) == client


@pytest.mark.parametrize(("setting", "message"), [
    ("11", "11 proxies in a row"),
    ("10.0.0.5, balancer.internal", "'balancer.internal' is neither an address nor a network"),
    ("10.0.0.0/33", "'10.0.0.0/33' is neither"),
])
def test_a_setting_that_is_neither_a_count_nor_addresses_stops_the_start(monkeypatch, tmp_path, setting, message):
    monkeypatch.setenv("LOGISTICS_TRUSTED_PROXIES", setting)
    monkeypatch.setenv("LOGISTICS_INSTANCE_PATH", str(tmp_path))
    with pytest.raises(ConfigurationError, match=f"LOGISTICS_TRUSTED_PROXIES: {message}"):
        create_app({"TESTING": True, "SECRET_KEY": "x" * 32, "DATABASE_URL": f"sqlite:///{tmp_path}/db"})
