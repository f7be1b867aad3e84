"""Password hashes: make one, check one, and check a stand-in when there is none to check.

Signing in with an unknown email, a deactivated user's or one without a password checks the
password against a dummy hash made the same way as real ones (same algorithm, same cost), so
the answer takes as long as for a known email with a wrong password and tells nothing about
which emails exist. Every check is counted (``checks_made``): the count is how tests and
operators see that the work was done, without timing anything.
"""
from __future__ import annotations

import secrets
import threading

from werkzeug.security import check_password_hash, generate_password_hash

_lock = threading.Lock()
_checks = 0
_dummy: str | None = None


def hash_password(password: str) -> str:
    """Return the stored form of a password (werkzeug's default: scrypt, salted)."""
    return generate_password_hash(password)


def verify(stored_hash: str | None, password: str) -> bool:
    """Say whether a password matches a stored hash; with no hash, do the same work and say no."""
    global _checks
    with _lock:
        _checks += 1
    if not stored_hash:
        check_password_hash(_dummy_hash(), password)
        return False
    return check_password_hash(stored_hash, password)


def checks_made() -> int:
    """Return how many password checks this process has made (real or against the dummy hash)."""
    with _lock:
        return _checks


def _dummy_hash() -> str:
    """Return a hash of a random password, made once per process by the same function as real ones."""
    global _dummy
    if _dummy is None:
        _dummy = hash_password(secrets.token_urlsafe(16))
    return _dummy
