"""LOGISTICS_SMTP_URL read strictly, its password never shown; the back-off computed from attempts."""
from __future__ import annotations

from datetime import timedelta

import pytest

from logistics.config import ConfigurationError, from_environment
from logistics.domain.notifications import MAX_ATTEMPTS, after_failure, retry_after, short_error
from logistics.mail import parse_smtp_url
from logistics.models.types import utcnow


@pytest.mark.parametrize("url, host, port, implicit, starttls, user", [
    ("smtp://mail.example:2525", "mail.example", 2525, False, False, None),
    ("smtp://mail.example", "mail.example", 25, False, False, None),
    ("smtps://bot%40zone.example:p%3Ass@mail.example", "mail.example", 465, True, False, "bot@zone.example"),
    ("smtp://bot:pw@mail.example:587?starttls=1", "mail.example", 587, False, True, "bot"),
])
def test_smtp_urls_are_read_as_written(url, host, port, implicit, starttls, user):
    server = parse_smtp_url(url)
    assert (server.host, server.port, server.implicit_tls, server.starttls, server.username) == \
        (host, port, implicit, starttls, user)


def test_the_smtp_password_is_in_no_repr_description_or_refusal():
    server = parse_smtp_url("smtps://bot:hunter2-secret@mail.example")
    assert server.password == "hunter2-secret"
    assert "hunter2" not in repr(server) and "hunter2" not in server.describe()
    for bad in ("http://bot:hunter2-secret@mail.example", "smtps://bot:hunter2-secret@mail.example?starttls=1",
                "smtp://bot:hunter2-secret@mail.example:99999", "smtp://bot:hunter2-secret%C3%A9@mail.example"):
        with pytest.raises(ConfigurationError) as refused:
            from_environment({"LOGISTICS_SMTP_URL": bad})
        assert "hunter2" not in str(refused.value) and "LOGISTICS_SMTP_URL" in str(refused.value)


@pytest.mark.parametrize("url", ["smtp://bot:pw@mail.example:587", "smtp://bot@10.0.0.5",
                                 "smtp://bot:pw@[2001:db8::1]:25"])
def test_a_login_is_never_sent_unencrypted_over_the_network(url):
    with pytest.raises(ConfigurationError, match="unencrypted: use smtps:// or smtp://...\\?starttls=1"):
        from_environment({"LOGISTICS_SMTP_URL": url})


@pytest.mark.parametrize("url", ["smtp://bot:pw@127.0.0.1:2525", "smtp://bot:pw@localhost", "smtp://bot:pw@[::1]:25",
                                 "smtp://mail.example:25", "smtp://bot:pw@mail.example:587?starttls=1"])
def test_a_plain_login_to_this_host_or_no_login_is_allowed(url):
    assert from_environment({"LOGISTICS_SMTP_URL": url})["SMTP_SERVER"].port in (25, 587, 2525)


def test_the_back_off_doubles_from_a_minute_up_to_six_hours_then_gives_up():
    assert [retry_after(n) for n in (1, 2, 3, 10)] == [timedelta(minutes=1), timedelta(minutes=2),
                                                       timedelta(minutes=4), timedelta(hours=6)]
    now = utcnow()
    assert after_failure(1, now) == ("pending", now + timedelta(minutes=1))
    assert after_failure(MAX_ATTEMPTS, now)[0] == "failed"


def test_an_error_kept_on_a_message_is_short_and_has_no_secret():
    kept = short_error(OSError("login as bot with hunter2 failed " + "x" * 500), ("hunter2",))
    assert "hunter2" not in kept and kept.startswith("OSError: login as bot with *** failed") and len(kept) == 200


def test_the_digest_hour_is_a_whole_hour_of_the_day():
    assert from_environment({"LOGISTICS_DIGEST_HOUR": "7"})["DIGEST_HOUR"] == 7
    with pytest.raises(ConfigurationError, match="LOGISTICS_DIGEST_HOUR"):
        from_environment({"LOGISTICS_DIGEST_HOUR": "24"})
