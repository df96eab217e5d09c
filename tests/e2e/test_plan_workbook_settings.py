"""Through the chat: the workbook `/template` sends shows the integrity-flag thresholds and the 核查
tolerance as campaign rows, and a leader who changes them there and uploads the workbook with `/plan`
gets a campaign with those values (not the defaults)."""

from __future__ import annotations

import json

from tests.harness import Harness, template_workbook, upload_workbook


async def test_thresholds_edited_in_the_template_are_what_the_campaign_gets(h: Harness) -> None:
    county = await h.join("陈主任", 3001)
    book = await template_workbook(h, county)
    rows = {str(row[0].value).split()[-1]: row[1] for row in book["campaign"].iter_rows(min_row=2)}
    assert (rows["超指标百分比"].value, rows["核查容差百分比"].value) == (150, 5)  # the defaults, to find
    rows["超指标百分比"].value = 200
    rows["夜间开始"].value = "22:00"
    rows["核查容差百分比"].value = 8
    preview = await upload_workbook(h, county, book)
    await h.press(county, preview, preview.buttons()[0][1])
    query = "SELECT settings FROM campaigns WHERE key = 'winter-service-2026'"
    async with h.services.db.reader.execute(query) as cur:
        row = await cur.fetchone()
    assert row is not None
    stored = json.loads(row[0])
    assert (stored["anomalies"]["over_quota_percent"], stored["anomalies"]["night_start"]) == (200, "22:00")
    assert stored["reconcile_tolerance_percent"] == 8
