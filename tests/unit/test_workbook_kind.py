"""What kind of workbook an upload is, by its name or its first bytes: one rule for a plan file and a
核查 file (bot/plans/loader.py, bot/plans/reconcile_source.py)."""

from __future__ import annotations

import pytest

from bot.plans.xlsx_source import workbook_kind

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 20
ZIP = b"PK\x03\x04" + b"\x00" * 20


@pytest.mark.parametrize(
    ("data", "suffix", "kind"),
    [
        (OLE, ".xls", "xls"),
        (OLE, "", "xls"),  # a legacy workbook renamed: its bytes tell
        (b"a,b\n", ".xls", "xls"),  # named .xls: refused as one, whatever it holds
        (ZIP, ".xlsx", "xlsx"),
        (b"anything", ".xlsm", "xlsx"),  # named as a workbook: the guard and openpyxl judge it
        (ZIP, ".yaml", "xlsx"),  # a zip under any name is read as a workbook
        (b"campaign:\n", ".yaml", None),
        (b"a,b\n", ".csv", None),
    ],
)
def test_a_workbook_is_known_by_its_name_or_its_first_bytes(data: bytes, suffix: str, kind: str | None) -> None:
    assert workbook_kind(data, suffix) == kind
