"""XLSX workbooks written part by part (zipfile, no openpyxl), whole or broken on purpose, for import tests."""
from __future__ import annotations

import io
import struct
import zipfile
from xml.sax.saxutils import escape

from openpyxl.utils import get_column_letter

from tests.transfer.files import HEADINGS, row

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SHEET = "xl/worksheets/sheet1.xml"
STRINGS = "xl/sharedStrings.xml"
STYLES = "xl/styles.xml"
_TYPES = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
          'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
          'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName='
          '"/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.'
          'main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxml'
          'formats-officedocument.spreadsheetml.worksheet+xml"/>{strings}{styles}</Types>')
_STRINGS_TYPE = ('<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
                 'officedocument.spreadsheetml.sharedStrings+xml"/>')
_STYLES_TYPE = ('<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-'
                'officedocument.spreadsheetml.styles+xml"/>')
_RELS = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
         'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
         '2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
_WORKBOOK = (f'<?xml version="1.0"?><workbook xmlns="{MAIN}" xmlns:r="http://schemas.openxmlformats.org/'
             'officeDocument/2006/relationships"><sheets><sheet name="Shipments" sheetId="1" r:id="rId1"/>'
             '</sheets></workbook>')
_WORKBOOK_RELS = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                  'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                  'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>{more}'
                  '</Relationships>')
_MORE_RELS = {STRINGS: '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                       'relationships/sharedStrings" Target="sharedStrings.xml"/>',
              STYLES: '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                      'relationships/styles" Target="styles.xml"/>'}
GOOD_STYLES = (f'<?xml version="1.0"?><styleSheet xmlns="{MAIN}"><fonts count="1"><font><sz val="11"/></font>'
               '</fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders '
               'count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs '
               'count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="1">'
               '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs><cellStyles count="1">'
               '<cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>')


def cells_xml(number: int, values: list[str]) -> str:
    """Return one row of inline-string cells."""
    cells = "".join(f'<c r="{get_column_letter(i + 1)}{number}" t="inlineStr"><is><t>{escape(v)}</t></is></c>'
                    for i, v in enumerate(values) if v != "")
    return f'<row r="{number}">{cells}</row>'


def sheet_rows(lines: list[dict]) -> str:
    """Return the heading row and one row per line, as a worksheet's rows."""
    return cells_xml(1, HEADINGS) + "".join(
        cells_xml(n, [cells.get(name, "") for name in HEADINGS]) for n, cells in enumerate(lines, start=2))


def workbook(rows: str | None = None, strings: list[str] | None = None, styles: str | None = GOOD_STYLES,
             parts: dict[str, bytes | str] | None = None) -> bytes:
    """Return a workbook: its sheet's rows (one good line by default), shared strings and styles."""
    rows = sheet_rows([row()]) if rows is None else rows
    content = {
        "[Content_Types].xml": _TYPES.format(strings=_STRINGS_TYPE if strings is not None else "",
                                             styles=_STYLES_TYPE if styles is not None else ""),
        "_rels/.rels": _RELS, "xl/workbook.xml": _WORKBOOK,
        "xl/_rels/workbook.xml.rels": _WORKBOOK_RELS.format(more="".join(
            rel for part, rel in _MORE_RELS.items()
            if (part == STRINGS and strings is not None) or (part == STYLES and styles is not None))),
        SHEET: f'<?xml version="1.0"?><worksheet xmlns="{MAIN}"><sheetData>{rows}</sheetData></worksheet>',
    }
    if strings is not None:
        content[STRINGS] = (f'<?xml version="1.0"?><sst xmlns="{MAIN}" count="{len(strings)}">'
                            + "".join(f"<si><t>{escape(s)}</t></si>" for s in strings) + "</sst>")
    if styles is not None:
        content[STYLES] = styles
    content.update(parts or {})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in content.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def patched(data: bytes, part: str, *, flag_bits: int | None = None, method: int | None = None,
            declared_size: int | None = None) -> bytes:
    """Return the archive with one part's headers (local and central) saying something else."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(part)
        end = data.rfind(b"PK\x05\x06")
        directory = struct.unpack("<L", data[end + 16:end + 20])[0]
    out = bytearray(data)
    central = out.find(b"PK\x01\x02", directory)
    while central >= 0:
        name_length = struct.unpack("<H", out[central + 28:central + 30])[0]
        if out[central + 46:central + 46 + name_length].decode() == part:
            break
        central = out.find(b"PK\x01\x02", central + 46)
    for offset, at in ((info.header_offset, 6), (central, 8)):  # flags sit at +6 (local), +8 (central)
        if flag_bits is not None:
            struct.pack_into("<H", out, offset + at, flag_bits)
        if method is not None:
            struct.pack_into("<H", out, offset + at + 2, method)
        if declared_size is not None:  # the uncompressed size: +22 (local), +24 (central)
            struct.pack_into("<L", out, offset + at + 16, declared_size)
    return bytes(out)


def corrupted(data: bytes, part: str) -> bytes:
    """Return the archive with the middle of one part's compressed bytes overwritten."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(part)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    out = bytearray(data)
    middle = start + info.compress_size // 2
    out[middle:middle + 8] = b"\xff\x00\xff\x00\xff\x00\xff\x00"
    return bytes(out)


def password_protected() -> bytes:
    """Return the start of what Excel saves for a workbook with a password: an OLE file, encrypted inside."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    directory = "EncryptionInfo".encode("utf-16-le").ljust(128, b"\0") + \
        "EncryptedPackage".encode("utf-16-le").ljust(128, b"\0")
    return header + directory + bytes(4096)
