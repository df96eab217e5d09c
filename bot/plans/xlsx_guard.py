"""What an .xlsx must pass before openpyxl may open it (SPEC §9 "files are bounded").

openpyxl trusts the file: it inflates every part, and builds a Cell object for every position of a
sheet's used range, of a merged range and of a hyperlink range — one cell written at XFD1048576
made it build 17 billion (> 120 s, 6.9 GB). So, from the zip directory first (sizes there are
binding: Python's zipfile never inflates a member past its declared size), then from a streaming
scan of each sheet's XML that keeps nothing: the number of parts, their total and per-part
inflated size, and how far any cell, merge or hyperlink reaches. The same scan finds formula cells
with no computed value, which openpyxl would read as empty.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from posixpath import basename, dirname, join, normpath
from xml.etree.ElementTree import Element, ParseError, iterparse

from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.xml.constants import XLSM, XLSX, XLTM, XLTX

from bot.plans.limits import (
    MAX_COMPRESSION_RATIO,
    MAX_SHEET_COLUMNS,
    MAX_SHEET_ROWS,
    MAX_UNCOMPRESSED_BYTES,
    MAX_ZIP_MEMBERS,
    megabytes,
)
from bot.plans.types import Problem

_REF = re.compile(r"^\$?([A-Za-z]{1,3})?\$?(\d+)?$")
_RANGED = {"dimension", "mergeCell", "hyperlink"}
_WORKBOOK_TYPES = (
    XLTM,
    XLTX,
    XLSM,
    XLSX,
)  # openpyxl's order of looking  # elements whose `ref` openpyxl expands into cells


def _far_corner(ref: str) -> tuple[int, int]:
    """(row, column) of the farthest end of `A1`, `A1:XFD1048576`, `A:A` or `1:1`; 0 where unsaid."""
    row = column = 0
    for end in ref.split(":"):
        match = _REF.match(end.strip())
        if match:
            column = max(column, column_index_from_string(match.group(1)) if match.group(1) else 0)
            row = max(row, int(match.group(2)) if match.group(2) else 0)
    return row, column


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _workbook_part(archive: zipfile.ZipFile) -> str:
    """The workbook's main part, found as openpyxl finds it: by its content type (a package may put it
    anywhere, and a guard that looked only at xl/workbook.xml would let such a file through unscanned)."""
    found: dict[str, str] = {}
    try:
        for _, el in iterparse(archive.open("[Content_Types].xml")):
            if _local(el.tag) == "Override" and el.get("ContentType") in _WORKBOOK_TYPES:
                found.setdefault(el.get("ContentType", ""), el.get("PartName", "").lstrip("/"))
    except (KeyError, ParseError):
        pass
    return next((found[kind] for kind in _WORKBOOK_TYPES if kind in found), "xl/workbook.xml")


def _sheet_parts(archive: zipfile.ZipFile, book: str) -> Iterator[tuple[str, str]]:
    """(sheet title, part name) for every worksheet the workbook lists."""
    folder = dirname(book)
    try:
        rels = {
            el.get("Id", ""): el.get("Target", "")
            for _, el in iterparse(archive.open(join(folder, "_rels", basename(book) + ".rels")))
            if _local(el.tag) == "Relationship"
        }
        for _, el in iterparse(archive.open(book)):
            if _local(el.tag) == "sheet":
                rid = next((v for k, v in el.attrib.items() if _local(k) == "id"), "")
                target = rels.get(rid, "")
                part = target.lstrip("/") if target.startswith("/") else normpath(join(folder, target))
                yield el.get("name", part), part
    except (KeyError, ParseError):
        return  # not a workbook after all: openpyxl says so, in its own words


@dataclass
class _Scan:
    far_row: int = 0
    far_column: int = 0
    # Formula cells with no computed value (a program that computes nothing wrote them): openpyxl would
    # read each as empty, so a quota of `=100+100` would silently become no quota.
    uncomputed: list[str] = field(default_factory=list)


def _computed(cell: Element, value: Element | None, zero_unproven: bool) -> bool:
    """A formula's result is stored: any text, or an empty one typed as text (a formula giving "").
    A numeric 0 in a workbook that asks to be recalculated on opening proves nothing: XlsxWriter and
    other writers that compute nothing store 0 for every formula and set that flag, for Excel to do it."""
    if value is None:
        return False
    if value.text:
        return not (zero_unproven and cell.get("t", "n") == "n" and _zero(value.text))
    return cell.get("t") in ("str", "inlineStr")


def _zero(text: str) -> bool:
    """0 however a writer spells it: 0, 0.0, -0, 0E+0."""
    try:
        return float(text) == 0
    except ValueError:
        return False


def _recalculated_on_load(archive: zipfile.ZipFile, book: str) -> bool:
    """The workbook asks Excel to compute every formula when it is opened (`fullCalcOnLoad`)."""
    try:
        for _, el in iterparse(archive.open(book)):
            if _local(el.tag) == "calcPr":
                return el.get("fullCalcOnLoad") in ("1", "true")
    except (KeyError, ParseError):
        pass
    return False


def _scan_sheet(archive: zipfile.ZipFile, part: str, zero_unproven: bool = False) -> _Scan:
    """How far any cell, merge or hyperlink of the sheet reaches, and its formula cells without a
    value, streaming; stops as soon as it is beyond the caps."""
    scan = _Scan()
    row = column = 0
    formula = False
    value: Element | None = None
    for event, el in iterparse(archive.open(part), events=("start", "end")):
        name = _local(el.tag)
        if event == "end":
            if name == "row":
                el.clear()  # keep nothing of what was scanned
            elif name == "v":
                value = el
            elif name == "c" and formula and not _computed(el, value, zero_unproven):
                scan.uncomputed.append(el.get("r") or f"{get_column_letter(max(column, 1))}{row}")
            continue
        if name == "row":
            row = int(el.get("r") or row + 1)
            column = 0
        elif name == "c":
            ref = el.get("r")
            cell_row, cell_column = _far_corner(ref) if ref else (row, column + 1)
            row, column = cell_row or row, cell_column or column + 1
            formula, value = False, None
        elif name == "f":
            formula = True
            continue
        elif name in _RANGED and el.get("ref"):
            reach_row, reach_column = _far_corner(el.get("ref", ""))
            scan.far_row, scan.far_column = max(scan.far_row, reach_row), max(scan.far_column, reach_column)
        else:
            continue
        scan.far_row, scan.far_column = max(scan.far_row, row), max(scan.far_column, column)
        if scan.far_row > MAX_SHEET_ROWS or scan.far_column > MAX_SHEET_COLUMNS:
            break
    return scan


def inspect_workbook(data: bytes, filename: str) -> list[Problem]:
    """Problems that make the workbook too costly to open; [] when openpyxl may load it."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        return []  # openpyxl reports it as not a workbook
    infos = archive.infolist()
    if len(infos) > MAX_ZIP_MEMBERS:
        return [Problem(filename, "plan.xlsx_too_many_parts", {"count": len(infos), "limit": MAX_ZIP_MEMBERS})]
    inflated = sum(info.file_size for info in infos)
    bomb = any(i.file_size > 1024 * 1024 and i.file_size > MAX_COMPRESSION_RATIO * i.compress_size for i in infos)
    if inflated > MAX_UNCOMPRESSED_BYTES or bomb:
        return [Problem(filename, "plan.xlsx_too_big", {"limit": megabytes(MAX_UNCOMPRESSED_BYTES)})]
    problems = []
    book = _workbook_part(archive)
    zero_unproven = _recalculated_on_load(archive, book)
    for title, part in _sheet_parts(archive, book):
        try:
            scan = _scan_sheet(archive, part, zero_unproven)
        except (KeyError, ParseError, ValueError):
            continue  # a missing or broken part: openpyxl's own error says it
        row, column = scan.far_row, scan.far_column
        if row > MAX_SHEET_ROWS or column > MAX_SHEET_COLUMNS:
            params = {"sheet": title, "row": row, "column": get_column_letter(min(column, 18278)),
                      "max_rows": MAX_SHEET_ROWS, "max_columns": get_column_letter(MAX_SHEET_COLUMNS)}  # fmt: skip
            problems.append(Problem(f"sheet '{title}'", "plan.sheet_too_big", params))
        elif scan.uncomputed:  # one problem a sheet: its first such cell, and how many there are
            first = scan.uncomputed[0]
            params = {"sheet": title, "cell": first, "count": len(scan.uncomputed)}
            problems.append(Problem(f"{title}!{first}", "plan.formula_not_computed", params))
    return problems
