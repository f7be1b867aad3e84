"""Fixtures for the audit trail tests."""
from __future__ import annotations

import pytest

from tests.audit.trail import Trail
from tests.web.conftest import browser, signed_in  # noqa: F401  (the page tests' signed-in browsers)


@pytest.fixture
def trail(app) -> Trail:
    """Return a reader of the stored audit trail."""
    return Trail(app)
