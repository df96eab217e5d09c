"""Peak RSS of the running bot with 10,000 members: what a deployment has to provision.

The data is generated in a child process (generation itself is not the bot's footprint); this
process then runs the real bot — build_app, post_init, the production poller over HTTP against the
emulator — handles reports from members all over the roster, and composes the county bulletin
with its chart and the full ranking. Peak RSS is read at the end.

    .venv/bin/python -m bench.memory 10000
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

from bench.scale import build, clock, peak_rss_mb, table
from bot.chat.app import BackgroundPoll, build_app
from bot.domain.ranking import rank
from bot.emulator import BotApiEmulator
from bot.settings import load_settings
from bot.storage.campaigns import CampaignRepo

REPORTS = 500


async def _build(path: Path, members: int) -> None:
    db, _ = await build(path, units=1000, members=members, rows=members * 10)
    await db.close()


async def measure(members: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "m.db"
        child = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bench.memory", "--build", str(path), str(members)
        )
        assert await child.wait() == 0
        before = peak_rss_mb()
        async with BotApiEmulator() as emu:
            settings = load_settings(database_path=path, bot_api_base_url=emu.base_url, quiet_hours="")
            polling = BackgroundPoll(build_app(settings, clock=clock(), token=emu.token, with_scheduler=False))
            app = await polling.start()
            try:
                step = max(1, members // REPORTS)
                for i in range(0, members, step):
                    emu.send_text(emu.user(10_000 + i, f"m{i}"), "走访1 体检1")
                await emu.settle(quiet=0.2, timeout=600)
                acks = sum(1 for s in emu.sent() if "已记录" in s.body)
                services = app.bot_data.services
                assert services is not None
                record = (await CampaignRepo(services.db.reader).all())[0]
                composed = await services.bulletins.compose(record, "root", "zh", None)
                loaded = await services.progress.load(record)
                ranked = rank(loaded.book.members_in_scope("root"))
            finally:
                await polling.stop()
    table(
        f"Memory: the running bot with {members:,} members, 1,000 units, {members * 10:,} ledger rows",
        [
            ("peak RSS of the bot process", f"{peak_rss_mb():.0f} MB (interpreter and imports: {before:.0f} MB)"),
            ("reports handled over HTTP", f"{acks:,}"),
            ("county bulletin", f"{len(composed.lines)} lines, chart {len(composed.chart_png) // 1024} KB"),
            ("members ranked", f"{len(ranked):,}"),
        ],
    )


if __name__ == "__main__":
    if sys.argv[1] == "--build":
        asyncio.run(_build(Path(sys.argv[2]), int(sys.argv[3])))
    else:
        asyncio.run(measure(int(sys.argv[1])))
