"""The export's leave rows (请假, issue 11 §2): every leave of a member in scope that was not called off,
by member in the roster's order, then by first day. Dates only; the days counted are campaign days."""

from __future__ import annotations

from collections.abc import Sequence

import aiosqlite

from bot.domain.leave import campaign_days
from bot.render.sheets.leave import LeaveRow
from bot.services.progress import LoadedBook
from bot.storage.leaves import LeaveRepo


async def leave_rows(conn: aiosqlite.Connection, loaded: LoadedBook, codes: Sequence[str]) -> list[LeaveRow]:
    tree, campaign = loaded.tree, loaded.record.campaign
    first, last = campaign_days(campaign)
    order = {m.key: i for i, m in enumerate(tree.members()) if m.unit_code in set(codes)}
    rows = [
        (loaded.by_id[r.member_id], r.leave)
        for r in await LeaveRepo(conn).for_campaign(loaded.record.id)
        if r.member_id in loaded.by_id and loaded.by_id[r.member_id].key in order
    ]
    rows.sort(key=lambda pair: (order[pair[0].key], pair[1].first))
    return [
        LeaveRow(m.member.name, tree.unit(m.member.unit_code).name, leave.first, leave.last,
                 len(leave.dates_within(first, last)))
        for m, leave in rows
    ]  # fmt: skip
