"""Fixtures for attachments: a shipment sent to a partner, and upload helpers."""
from __future__ import annotations

import io

import pytest

API = "/api/v1"


def upload(api, key, data: bytes, name: str = "photo.jpg", line_no=None, content_type: str | None = None,
           package: str | None = None):
    """POST a file as multipart/form-data, as a phone or a script would."""
    form = {"file": (io.BytesIO(data), name, content_type or "application/octet-stream")}
    if line_no is not None:
        form["line_no"] = str(line_no)
    if package is not None:
        form["package"] = package
    return api.client.post(f"{API}/shipments/{key}/attachments", data=form, headers=api._headers(None),
                           content_type="multipart/form-data")


@pytest.fixture
def partner_org(make):
    make.coverall()
    make.mask()
    return make.org(name="Fakultná nemocnica Nitra")


@pytest.fixture
def delivered(make, partner_org):
    """An outbound shipment to the partner, delivered: line 1 coveralls, line 2 masks."""
    return make.shipment(counterparty=partner_org, reference="OUT-2020-0001", status="delivered",
                         lines=[("PPE-COV", "100 piece"), ("PPE-N95", "2 box")])
