"""`campaign-bot demo`: a whole campaign played offline against the local Bot API emulator.

The real bot (PTB polling over HTTP, SQLite, services) talks to the emulator on 127.0.0.1; the
script plays a county's staff over a few simulated days and prints the conversation. No token,
no network. Writes the bulletin chart and the export workbook to the output folder.
"""

from __future__ import annotations

import asyncio
import html
import re
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bot.chat.app import BackgroundPoll, CampaignApp, build_app
from bot.emulator import BotApiEmulator
from bot.plans import load_plan
from bot.plans.example import EXAMPLE_PLAN_YAML
from bot.services.clock import ManualClock
from bot.services.container import Services
from bot.settings import load_settings
from scheduler.runner import Runner

SH = ZoneInfo("Asia/Shanghai")
CAST = {"郭镇长": 2001, "李书记": 2002, "张三": 1001, "李四": 1002, "王五": 1003, "赵六": 1004}


class Demo:
    def __init__(self, emu: BotApiEmulator, app: CampaignApp, clock: ManualClock, quiet: bool) -> None:
        self.emu, self.app, self.clock, self.quiet = emu, app, clock, quiet
        self.people: dict[str, dict[str, Any]] = {}
        self.names: dict[int, str] = {}
        self.seen = 0
        self.edits: dict[int, int] = {}

    @property
    def services(self) -> Services:
        assert self.app.bot_data.services is not None
        return self.app.bot_data.services

    def say(self, text: str) -> None:
        if not self.quiet:
            print(text)

    async def flush(self) -> None:
        """Print what the bot sent (or edited) since the last step."""
        await self.emu.settle(quiet=0.15, timeout=120)
        for i, sent in enumerate(self.emu.sent()):
            changed = i >= self.seen or sent.edits != self.edits.get(i, 0)
            self.edits[i] = sent.edits
            if not changed:
                continue
            where = self.names.get(sent.chat_id, str(sent.chat_id))
            body = html.unescape(re.sub(r"<[^>]+>", "", sent.body)) if sent.body else ""
            if sent.photo:
                body = f"[图片 {len(sent.photo) // 1024} KB] {body}"
            if sent.document:
                body = f"[文件 {sent.filename}] {body}"
            buttons = " ".join(f"[{t}]" for t, _ in sent.buttons())
            extra = f"\n        {buttons}" if buttons else ""
            self.say(f"   🤖 → {where}: " + body.replace("\n", "\n        ") + extra)
        self.seen = len(self.emu.sent())

    async def act(self, who: str, text: str, chat: dict[str, Any] | None = None) -> dict[str, Any]:
        user = self.people[who]
        where = f" （{chat['title']}）" if chat else ""
        self.say(f"👤 {who}{where}: {text}")
        sender = self.emu.send_command if text.startswith("/") else self.emu.send_text
        message = sender(user, text, chat)
        await self.flush()
        return message

    async def press(self, who: str, label: str) -> None:
        user = self.people[who]
        sent = next(s for s in reversed(self.emu.sent(user["id"])) if any(t == label for t, _ in s.buttons()))
        self.say(f"👤 {who}: 按下 [{label}]")
        self.emu.press_button(user, sent, next(d for t, d in sent.buttons() if t == label))
        await self.flush()

    def day(self, when: datetime) -> None:
        self.clock.set(when)
        self.say(f"\n——— {when:%Y-%m-%d %H:%M} ———")


# The example plan with graduated warnings turned on (they are off unless a plan asks for them).
DEMO_PLAN = EXAMPLE_PLAN_YAML.replace(
    "  reminders: {", "  warnings: {yellow_after: 1, red_after: 2, public_after: 3}\n  reminders: {", 1
)
# 核查: the county health bureau's back-check of two villages up to 11-23, as a leader would send it.
CHECK_HEADER = "单位或人员,任务,核查数,来源,截至日期\n"
CHECK_CSV = CHECK_HEADER + "七岭村,走访,10,县卫健局抽查,2026-11-23\n双泉村,走访,8,县卫健局抽查,2026-11-23\n"


async def _play(demo: Demo, out: Path) -> None:
    services = demo.services
    summary = await services.plans.import_plan(load_plan(DEMO_PLAN.encode(), "plan.yaml"))
    demo.say(f"导入计划：{summary.campaign_key}（单位 {summary.units}，人员 {summary.members}，指标 {summary.quotas}）")
    invites = {i.member.member.name: i.code for i in await services.invites.invites(summary.campaign_id, None, "demo")}
    demo.day(datetime(2026, 11, 20, 9, 0, tzinfo=SH))
    for name, uid in CAST.items():
        demo.people[name] = demo.emu.user(uid, name)
        demo.names[uid] = name
        await demo.act(name, f"/start {invites[name]}")
    # The village leader gives 李四 a share of 七岭村's quota, straight from the chat.
    await demo.act("李书记", "/assign 李四 visit 10")
    await demo.act("李书记", "/assign 李四 checkup 8")
    await demo.act("张三", "今天入户走访十二户，健康体检两人")
    await demo.act("李四", "走访5 体检3")
    await demo.act("王五", "家访3")
    await demo.act("张三", "走访-5")
    await demo.act("赵六", "登记100")
    await demo.press("赵六", "✅")

    demo.day(datetime(2026, 11, 23, 17, 30, tzinfo=SH))
    message = await demo.act("李四", "体检二")
    demo.say("👤 李四 把上一条消息改成：体检4")
    demo.emu.edit_text(demo.people["李四"], message, "体检4")
    await demo.flush()
    await demo.act("王五", "上午走访3户，下午走访2户")  # the same task twice is summed
    await demo.act("张三", "/me")
    await demo.act("李四", "/undo")

    # Late at night 李四 reports 40 visits against a quota of 10: two integrity flags for the leaders.
    demo.day(datetime(2026, 11, 23, 23, 30, tzinfo=SH))
    await demo.act("李四", "走访40")

    demo.day(datetime(2026, 11, 24, 18, 0, tzinfo=SH))
    group = demo.emu.group(-100100, "白洋渡镇工作群")
    demo.names[group["id"]] = "白洋渡镇工作群"
    demo.emu.add_bot_to_group(demo.people["郭镇长"], group)
    await demo.act("郭镇长", "/bindgroup", group)
    await demo.act("张三", "走访4", group)
    await demo.act("郭镇长", "/progress")
    await demo.act("郭镇长", "/laggards")
    await demo.act("郭镇长", "/verify flagged")  # ⚠ and the reasons, privately
    await demo.act("郭镇长", "/sample 3")  # 抽查: a random back-check, half from the flagged
    await demo.act("王五", "/leave 11-30 12-03")  # 请假: no reminder reaches him on 12-02
    await demo.act("郭镇长", "/leave")
    await demo.act("郭镇长", "/leave 王五 12-30 1-20")  # 王五 is told privately; kept to the campaign's days
    await demo.act("王五", "/me")  # 请假：11月30日 至 12月3日
    await demo.act("郭镇长", "/assign 双泉村 走访 30")  # names, as the leader sees them
    await demo.act("郭镇长", "/assign 双泉村 走访 80")
    await demo.act("郭镇长", "/bulletin")
    charts = [s.photo for s in demo.emu.sent(group["id"]) if s.photo]
    if not charts:
        raise RuntimeError("the bulletin chart was not posted to the group")
    (out / "bulletin.png").write_bytes(charts[-1])

    # 核查: an independent count compared with what was reported; 七岭村 differs, so 李书记 is told.
    await demo.act("郭镇长", "/reconcile")
    demo.say("👤 郭镇长 发送文件：核查.csv")
    demo.emu.send_document(demo.people["郭镇长"], "核查.csv", CHECK_CSV.encode())
    await demo.flush()
    await demo.act("郭镇长", "/progress")

    # The automatic half: 3 days before the 60 % checkpoint, the scheduler reminds whoever is behind —
    # 赵六 has no quota of his own: his village's quota reaches him; 王五 is on leave and is skipped.
    demo.day(datetime(2026, 12, 2, 9, 0, 30, tzinfo=SH))
    demo.say("⏰ 调度器：12月5日 60%节点前 3 天的提醒")
    await Runner.create(services, demo.app.bot).tick()
    await demo.flush()
    # 12-05 is a Saturday: its on-the-day reminder moves to Friday 09:00, where the 1-day one already is.
    demo.day(datetime(2026, 12, 4, 9, 0, 30, tzinfo=SH))
    demo.say("⏰ 调度器：12月5日是周六，当天的提醒提前到周五 9:00，与前 1 天的提醒合为一条")
    await Runner.create(services, demo.app.bot).tick()
    await demo.flush()
    # The 60 % checkpoint: its bulletin, the missed lists, and the first graduated warnings (黄牌).
    demo.day(datetime(2026, 12, 5, 18, 0, 30, tzinfo=SH))
    demo.say("⏰ 调度器：12月5日 60%节点检查（节点通报、未达标名单、黄牌提醒）")
    await Runner.create(services, demo.app.bot).tick()
    await demo.flush()
    await demo.act("李书记", "/laggards")  # 🟨 before the names
    record = (await services.directory.campaigns_for(await services.directory.actor(CAST["郭镇长"])))[0]
    (out / "export.xlsx").write_bytes(await services.export.workbook(record, "zh"))


def _fresh(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for stale in out.glob("demo.db*"):
        stale.unlink()


async def run_demo(out: Path, lang: str = "zh", *, quiet: bool = False) -> int:
    _fresh(out)  # before the event loop has anything else to do: blocking here is harmless
    clock = ManualClock(datetime(2026, 11, 20, 9, 0, tzinfo=SH))
    async with BotApiEmulator(clock=clock) as emu:
        settings = load_settings(
            database_path=out / "demo.db",
            bot_api_base_url=emu.base_url,
            quiet_hours="",
            default_language=lang,
            admin_user_ids=(),
        )
        app = build_app(settings, clock=clock, token=emu.token, with_scheduler=False)
        # The production polling lifecycle: an update is confirmed only after its handler finished,
        # so "no unconfirmed updates" (what the emulator's settle waits for) means the bot is idle.
        # PTB's Updater confirms on fetch, which let a slow handler (the first chart render) race
        # the script.
        polling = BackgroundPoll(app)
        await polling.start()
        try:
            await _play(Demo(emu, app, clock, quiet), out)
        finally:
            await polling.stop()
    print(f"\n演示完成 / demo finished: {out / 'bulletin.png'}, {out / 'export.xlsx'}, {out / 'demo.db'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(asyncio.run(run_demo(Path("demo-out"))))
