"""The README's first command: `campaign-bot demo` runs offline and leaves its artefacts."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import openpyxl

SCRIPT = Path(sys.executable).parent / "campaign-bot"


def test_demo_plays_a_campaign_offline_and_writes_chart_and_export(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BOT_")}
    env["BOT_API_BASE_URL"] = "https://api.telegram.org/bot"  # ignored: the demo uses its own emulator
    proc = subprocess.run(
        [str(SCRIPT), "demo", "--out", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=180,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    out = proc.stdout
    assert "今天入户走访十二户" in out  # a Chinese report and its ack
    assert "入户走访 +12 → 12/20 户" in out
    assert "不能是负数" in out  # bad input refused
    assert "原记录不再计数" in out  # an edit replaced the original
    assert "最多还能分配 60" in out  # over-allocation refused with numbers
    assert "进度通报" in out  # bulletin with chart posted to the group
    assert "[图片" in out
    assert "节点还有以下任务未完成" in out  # the scheduler's reminders and digests
    assert "落后名单" in out
    # Issue 11: a forecast line, a flagged report, a leave, a reconciliation, a holiday-shifted reminder
    # and a yellow card.
    assert "按近5个工作日的速度" in out
    assert "⚠ 深夜上报 23:30" in out
    assert "已登记请假：11月30日 至 12月3日" in out
    assert "七岭村 · 入户走访：上报 57，核查 10，差额 +47" in out
    assert "🤖 → 王五" not in out.split("——— 2026-12-02 09:00 ———")[1].split("———")[0]  # on leave
    friday = out.split("——— 2026-12-04 09:00 ———")[1].split("———")[0]
    assert "剩 1 个工作日" in friday
    assert friday.count("🤖 → 张三") == 1  # Saturday's on-the-day reminder joined Friday's: one message
    assert "🟨 黄牌提醒" in out
    assert "• 🟨 张三" in out
    png = (tmp_path / "out" / "bulletin.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    book = openpyxl.load_workbook(tmp_path / "out" / "export.xlsx", read_only=True)
    assert book.sheetnames == ["汇总", "单位", "人员", "请假", "节点", "核查", "预测", "每日", "台账"]
    assert "Traceback" not in proc.stderr
