"""Fixtures for page tests: a browser-like test client, signed in through the real sign-in form."""
from __future__ import annotations

import pytest

from tests.web.pages import form_with_button, submission

PASSWORD = "correct horse 1"


class Browser:
    """A test client used like a person with a browser (no JavaScript): open pages, submit their forms."""

    def __init__(self, client, user=None):
        self.client = client
        self.user = user

    def get(self, path: str, **kwargs):
        """Open a page."""
        return self.client.get(path, **kwargs)

    def post(self, path: str, data=None, **kwargs):
        """Send a form as typed by hand (no help from any page)."""
        return self.client.post(path, data=data, **kwargs)

    def submit(self, page, button: str, changes: dict | None = None, drop=(), where=None, **kwargs):
        """Press a button on a page: send its form with the fields changed as given."""
        form = form_with_button(page.get_data(as_text=True), button, where)
        data = submission(form, button, changes, drop)
        action = form.action or page.request.full_path.rstrip("?")
        if form.method == "get":
            return self.client.get(action, query_string=data, **kwargs)
        return self.client.post(action, data=data, **kwargs)

    def sign_in(self, email: str, password: str, path: str = "/login"):
        """Fill in the sign-in form and send it."""
        return self.submit(self.get(path), "Sign in", {"email": email, "password": password})


@pytest.fixture
def browser(app):
    """Return a browser with nobody signed in."""
    return Browser(app.test_client())


@pytest.fixture
def signed_in(app, make):
    """Return a callable that makes a user of a role and returns a browser signed in as them."""

    def sign_in_as(role: str = "staff", org=None, email: str | None = None) -> Browser:
        if role == "partner" and org is None:
            org = make.org()
        user, _ = make.user(role, org, email=email, password=PASSWORD)
        browser = Browser(app.test_client(), user)
        response = browser.sign_in(user.email, PASSWORD)
        assert response.status_code == 302, response.get_data(as_text=True)
        return browser

    return sign_in_as
