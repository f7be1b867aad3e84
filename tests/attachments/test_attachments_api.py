"""Attachments through the API: kept in the database, re-encoded, served safely, with the shipment's access."""
from __future__ import annotations

import io

from PIL import Image

from tests.answers import expect
from tests.attachments import files
from tests.attachments.conftest import API, upload


def test_staff_attach_a_signed_cmr_scan_to_a_shipment_and_read_it_back_as_a_download(make, delivered):
    staff = make.api("staff")
    scan = files.pdf(pages=2)

    created = expect(upload(staff, "OUT-2020-0001", scan, "CMR signed.pdf"), 201)
    content = staff.get(created["links"]["content"])

    assert (created["kind"], created["media_type"], created["pages"], created["line_no"]) == \
        ("document", "application/pdf", 2, None)
    assert created["file_name"] == "CMR signed.pdf" and "thumbnail" not in created["links"]
    assert content.status_code == 200 and content.get_data() == scan
    assert content.mimetype == "application/pdf"
    assert content.headers["X-Content-Type-Options"] == "nosniff"
    assert content.headers["Content-Disposition"] == \
        "attachment; filename=\"CMR signed.pdf\"; filename*=UTF-8''CMR%20signed.pdf"
    assert expect(staff.get(f"{API}/shipments/OUT-2020-0001/attachments"), 200) == [created]


def test_a_photo_is_re_encoded_without_its_gps_position_turned_upright_and_given_a_thumbnail(make, delivered):
    staff = make.api("staff")
    photo = files.jpeg(64, 48, gps=True, orientation=6)  # 6: the camera was held turned right
    assert Image.open(io.BytesIO(photo)).getexif().get(0x8825)

    created = expect(upload(staff, "OUT-2020-0001", photo, "IMG_0001.JPG", line_no=1), 201)
    kept = Image.open(io.BytesIO(staff.get(created["links"]["content"]).get_data()))
    thumbnail = staff.get(created["links"]["thumbnail"])

    assert (created["kind"], created["line_no"], created["width"], created["height"]) == ("photo", 1, 48, 64)
    assert kept.format == "JPEG" and kept.size == (48, 64)
    assert not kept.getexif() and "exif" not in kept.info
    assert thumbnail.mimetype == "image/jpeg" and Image.open(io.BytesIO(thumbnail.get_data())).size == (48, 64)
    assert created["file_name"] == "IMG_0001.jpg"


def test_a_png_and_a_webp_are_kept_as_what_they_are_whatever_their_name_says(make, delivered):
    staff = make.api("staff")

    as_png = expect(upload(staff, "OUT-2020-0001", files.png(), "scan.exe", content_type="text/html"), 201)
    as_webp = expect(upload(staff, "OUT-2020-0001", files.webp(), "../../etc/passwd"), 201)

    assert (as_png["media_type"], as_png["file_name"]) == ("image/png", "scan.png")
    assert (as_webp["media_type"], as_webp["file_name"]) == ("image/webp", "passwd.webp")
    served = staff.get(as_png["links"]["content"])
    assert served.mimetype == "image/png" and served.headers["Content-Disposition"].startswith("inline;")


def test_a_name_in_any_script_is_kept_and_sent_as_rfc_6266_utf_8_with_an_ascii_stand_in(make, delivered):
    staff = make.api("staff")

    created = expect(upload(staff, "OUT-2020-0001", files.pdf(), "Dodací list Žilina; 沧州.pdf"), 201)
    disposition = staff.get(created["links"]["content"]).headers["Content-Disposition"]

    assert created["file_name"] == "Dodací list Žilina_ 沧州.pdf"
    assert disposition == ('attachment; filename="Dodaci list Zilina_ .pdf"; '
                           "filename*=UTF-8''Dodac%C3%AD%20list%20%C5%BDilina_%20%E6%B2%A7%E5%B7%9E.pdf")


def test_a_partner_attaches_a_photo_of_damage_to_a_line_of_its_delivered_shipment_and_staff_see_it(
        make, partner_org, delivered):
    partner, staff = make.api("partner", partner_org), make.api("staff")

    created = expect(upload(partner, "OUT-2020-0001", files.jpeg(), "damage.jpg", line_no=2), 201)

    listed = expect(staff.get(f"{API}/shipments/OUT-2020-0001/attachments"), 200)
    assert [(a["id"], a["line_no"], a["kind"]) for a in listed] == [(created["id"], 2, "photo")]
    assert staff.get(created["links"]["thumbnail"]).status_code == 200


def test_a_partner_may_not_attach_to_the_shipment_itself_nor_before_it_arrived(make, partner_org, delivered):
    partner = make.api("partner", partner_org)
    make.shipment(counterparty=partner_org, reference="OUT-2020-0002", status="in_transit")

    itself = expect(upload(partner, "OUT-2020-0001", files.pdf(), "invoice.pdf"), 403)
    early = expect(upload(partner, "OUT-2020-0002", files.jpeg(), "early.jpg", line_no=1), 403)

    assert "line's receipt" in itself["message"]
    assert "once the shipment has arrived" in early["message"]
    assert expect(make.api("staff").get(f"{API}/shipments/OUT-2020-0001/attachments"), 200) == []


def test_another_partners_shipment_and_its_files_are_not_found(make, partner_org, delivered):
    staff, stranger = make.api("staff"), make.api("partner", make.org(name="Szpital Łódź"))
    created = expect(upload(staff, "OUT-2020-0001", files.jpeg(), "photo.jpg", line_no=1), 201)

    answers = [stranger.get(path).status_code for path in (
        f"{API}/shipments/OUT-2020-0001/attachments", f"{API}/attachments/{created['id']}",
        created["links"]["content"], created["links"]["thumbnail"])]
    posted = upload(stranger, "OUT-2020-0001", files.jpeg(), "x.jpg", line_no=1).status_code

    assert answers == [404, 404, 404, 404] and posted == 404
    assert make.api("partner", partner_org).get(created["links"]["content"]).status_code == 200


def test_staff_remove_a_file_its_bytes_go_and_who_removed_it_when_stays_and_is_audited(make, delivered):
    staff, manager = make.api("staff"), make.api("manager")
    created = expect(upload(staff, "OUT-2020-0001", files.jpeg(), "wrong.jpg"), 201)
    me = expect(staff.get(f"{API}/me"), 200)

    removed = expect(staff.delete(f"{API}/attachments/{created['id']}"), 200)

    assert removed["removed"] is True and removed["removed_by_id"] == me["id"] and removed["links"] == {}
    assert "was removed on" in expect(staff.get(created["links"]["content"]), 404)["message"]
    trail = expect(manager.get(f"{API}/audit?entity=attachments"), 200)
    assert [(e["action"], e["entity_id"]) for e in trail] == [("update", created["id"]), ("create", created["id"])]
    assert trail[0]["after"]["removed_by_id"] == me["id"]
    assert expect(staff.get(f"{API}/shipments/OUT-2020-0001/attachments"), 200)[0]["removed"] is True


def test_a_partner_may_not_remove_a_file(make, partner_org, delivered):
    partner = make.api("partner", partner_org)
    created = expect(upload(partner, "OUT-2020-0001", files.jpeg(), "d.jpg", line_no=1), 201)

    expect(partner.delete(f"{API}/attachments/{created['id']}"), 403)

    assert partner.get(created["links"]["content"]).status_code == 200


def test_a_line_the_shipment_has_not_is_refused_naming_its_lines(make, delivered):
    body = expect(upload(make.api("staff"), "OUT-2020-0001", files.jpeg(), "x.jpg", line_no=7), 422)

    assert body["errors"]["line_no"] == ["shipment OUT-2020-0001 has no line 7 (its lines: 1, 2)"]


def test_the_openapi_document_describes_the_multipart_upload_and_the_attachment(client):
    spec = client.get(f"{API}/openapi.json").get_json()

    body = spec["paths"]["/api/v1/shipments/{key}/attachments"]["post"]["requestBody"]["content"]
    assert set(body["multipart/form-data"]["schema"]["properties"]) == {"file", "line_no", "package"}
    assert "links" in spec["components"]["schemas"]["Attachment"]["properties"]
    assert "/api/v1/attachments/{attachment_id}/thumbnail" in spec["paths"]


def _walk(api, reference: str, *statuses: str) -> None:
    for status in statuses:
        version = api.get(f"{API}/shipments/{reference}").get_json()["version"]
        moved = api.post(f"{API}/shipments/{reference}/events", json={"status": status},
                         headers={"If-Match": f'"{version}"'})
        assert moved.status_code == 201, moved.get_json()


def test_a_photo_of_a_crushed_carton_is_attached_to_that_package_by_its_number(make, partner_org):
    shipment = make.shipment(counterparty=partner_org, reference="OUT-2020-0009", status="confirmed",
                             lines=[("PPE-COV", "100 piece")])
    number = make.packages(shipment, {"type": "carton", "count": 2, "gross_mass": "9 kg",
                                      "contents": [{"line_no": 1, "quantity": "2 box"}]})[1]
    staff, partner = make.api("staff"), make.api("partner", partner_org)
    _walk(staff, "OUT-2020-0009", "in_transit", "delivered")

    created = expect(upload(partner, "OUT-2020-0009", files.jpeg(), "carton.jpg", package=number.lower()), 201)
    unknown = expect(upload(partner, "OUT-2020-0009", files.jpeg(), "x.jpg", package="PKG-99999999"), 422)

    assert (created["package"], created["line_no"]) == (number, None)
    assert unknown["errors"]["package"] == ["shipment OUT-2020-0009 has no package 'PKG-99999999'"]
    listed = expect(staff.get(f"{API}/shipments/OUT-2020-0009/attachments"), 200)
    assert [a["package"] for a in listed] == [number]
