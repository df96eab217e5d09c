"""The export's units sheet ranks a unit among its siblings only when it has a quota (SPEC §3.3: ranked
by completion): a unit without one has no completion to rank by — /progress lists it after the ranked
ones, unranked — so the workbook a county leader compares with /progress must not number it either.

The example plan: of the villages only 七岭村 has a quota (40 visits, 30 check-ups); the towns' quotas are
split to no other village, so 双泉村, 青鹿居委会, 元木村 and 白洋渡村 have none."""

from __future__ import annotations

from io import BytesIO

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from bot.services.container import Services
from tests.services.example import campaign, services

__all__ = ["services"]


async def test_a_unit_without_a_quota_gets_no_rank_in_the_export(services: Services) -> None:
    data = await services.export.workbook(await campaign(services), "en")
    ws = load_workbook(BytesIO(data))["Units"]
    assert isinstance(ws, Worksheet)
    rows = list(ws.iter_rows(values_only=True))
    header = [str(h) for h in rows[0]]
    units = {str(r[header.index("Code")]): r[header.index("Rank among siblings")] for r in rows[1:] if r[0]}
    assert {code: units[code] for code in ("ql", "sq", "qlj", "ym", "byd")} == {
        "ql": 1,  # the one village with a quota: first of those ranked in 白洋渡镇
        "sq": None,
        "qlj": None,
        "ym": None,
        "byd": None,
    }
    assert {units["bydz"], units["ymz"]} == {1, 2}  # both towns have quotas: both ranked
