"""Chinese text wraps inside the page and its table cells: CJK has no spaces for reportlab to break at."""
from __future__ import annotations

import re

import pytest

from tests.documents.conftest import API
from tests.documents.pdfs import read_pdf, words

POINTS_PER_MM = 72 / 25.4
MARGIN = 15 * POINTS_PER_MM  # pdf/layout.py's MARGIN
A4_WIDTH = 595.28
LABEL_WIDTH = 100 * POINTS_PER_MM
# A long item name in Chinese, no space in it ("disposable medical protective coverall, non-woven, ...").
LONG_NAME = "一次性使用医用防护服无纺布材质连体式带帽带脚套符合国家标准适用于传染病隔离病房和发热门诊" * 2
LONG_NOTE = "请在收货时逐箱清点数量并检查外包装是否破损如有破损请拍照并在收货单上注明原因以便及时补发" * 4
PACKED = {"type": "pallet", "count": 1, "gross_mass": "310.5 kg", "dimensions_mm": [1200, 800, 1500],
          "children": [{"type": "carton", "count": 2, "gross_mass": "7 kg",
                        "contents": [{"line_no": 1, "quantity": "4 box"}]}]}


@pytest.fixture
def chinese_shipment(make):
    """Return a shipment to a Chinese hospital of an item with a long Chinese name, a long note, packed."""
    make.item("PPE-ZH", "piece", "0.35 kg", [("box", "25 piece")], name=LONG_NAME, hs_code="6210.10")
    hospital = make.org(name="华东医院" * 8, country="CN", document_language="zh", address="上海市" * 30)
    shipment = make.shipment(counterparty=hospital, lines=(("PPE-ZH", "60,000 piece"),), notes=LONG_NOTE,
                             incoterm="DAP", incoterm_place="上海")
    make.packages(shipment, PACKED, None)
    return shipment


def _overruns(content: bytes, pages: int, right: float) -> list[tuple[int, str, float]]:
    """Return the words drawn past the right edge of the text (1 pt of tolerance), with page and edge."""
    return [(page, word.text, word.x1) for page in range(pages) for word in words(content, page)
            if word.x1 > right + 1]


@pytest.mark.parametrize("document, right", [("manifest", A4_WIDTH - MARGIN), ("packing-list", A4_WIDTH - MARGIN),
                                             ("labels", LABEL_WIDTH)])
@pytest.mark.parametrize("bilingual", ["0", "1"])
def test_long_chinese_names_and_notes_wrap_within_the_margins(staff, chinese_shipment, document, right,
                                                              bilingual):
    response = staff.get(f"{API}/shipments/{chinese_shipment.reference}/{document}.pdf?lang=zh"
                         f"&bilingual={bilingual}")
    assert response.status_code == 200, response.get_json(silent=True)
    pdf = read_pdf(response.data)

    assert _overruns(pdf.content, len(pdf.pages), right) == []
    if document != "labels":  # a label prints the SKU, not the name
        assert LONG_NAME in pdf.squashed  # every character printed, in order
    if document == "manifest":  # the note may run onto the next page, past the running footer
        assert LONG_NOTE in re.sub(r"货物舱单OUT-.*?第\d+页，共\d+页", "", pdf.squashed)
