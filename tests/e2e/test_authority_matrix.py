"""The authority matrix (SPEC §1): every leader command and callback, aimed by 郭镇长 (who leads the
town 白洋渡镇, bydz) at his own subtree, at the sibling town 元木镇, at the county above him and at
another campaign's organisation, asked in his private chat and in his town's group.

Outside his subtree every one is refused and the database is exactly as before (organisation,
rosters, quotas, ledger, join codes, bound groups, audit log). Inside it, answers that show names
or join codes go to him privately; the group sees only a short note.

/laggards, /split, /bulletin and /export take no target: they always act on the leader's own unit,
so they appear here with the chat dimension and with a leader removed from every campaign.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from bot.chat.callback_verify import VerifyDecision
from bot.emulator import SentMessage
from bot.plans import load_plan
from bot.plans.example import EXAMPLE_PLAN_YAML
from bot.storage.groups import GroupRepo
from bot.storage.org import MemberRepo
from bot.texts import th
from tests.harness import ADMIN_ID, Harness

OTHER_KEY = "other-county-2026"
OTHER_PLAN = EXAMPLE_PLAN_YAML[: EXAMPLE_PLAN_YAML.index("units:")].replace(
    "key: winter-service-2026", f"key: {OTHER_KEY}"
).replace("name: 冬季健康服务集中活动", "name: 邻县活动") + (
    "units:\n"
    "  - code: oth\n    name: 邻县卫健局\n    level: county\n    children:\n"
    "      - {code: othv, name: 邻村, level: village}\n"
    "members:\n  - {name: 外县长, unit: oth, role: leader}\n  - {name: 外县干部, unit: othv, role: cadre}\n"
    "quotas:\n  - {assignee: oth, visit: 50}\n  - {assignee: othv, visit: 20}\n"
)
TABLES = (
    "campaigns",
    "units",
    "members",
    "campaign_units",
    "campaign_members",
    "quotas",
    "reports",
    "join_codes",
    "bound_groups",
    "audit_log",
    "leaves",
    "reconciliations",
)
REFUSED = ("不在您负责的范围内", "找不到")  # out of scope, or not even visible from his campaign
TOWN_GROUP = -100501


@dataclass(frozen=True)
class Target:
    unit: str
    member: str


TARGETS = {
    "sibling": Target("ymz", "孙七"),
    "parent": Target("county", "陈主任"),
    "other_campaign": Target("oth", "外县干部"),
}
OWN = Target("sq", "王五")


@dataclass
class World:
    h: Harness
    town: dict[str, Any]
    group: dict[str, Any]

    def chat(self, where: str) -> dict[str, Any] | None:
        return self.group if where == "group" else None


@pytest.fixture
async def world(h: Harness) -> World:
    await h.services.plans.import_plan(load_plan(OTHER_PLAN.encode(), "other.yaml"))  # the operator
    town = await h.join("郭镇长", 2001)
    group = await h.bound_group(town, TOWN_GROUP, "白洋渡镇工作群")
    return World(h, town, group)


async def state(h: Harness) -> dict[str, list[tuple[Any, ...]]]:
    out = {}
    for table in TABLES:
        async with h.services.db.reader.execute(f"SELECT * FROM {table} ORDER BY 1") as cur:
            out[table] = [tuple(r) for r in await cur.fetchall()]
    return out


async def ask(h: Harness, user: dict[str, Any], text: str, chat: dict[str, Any] | None = None) -> list[SentMessage]:
    """Send a command; return everything the bot then sent to the user's private chat and to `chat`."""
    chats = [user["id"]] + ([chat["id"]] if chat else [])
    before = {c: len(h.emu.sent(c)) for c in chats}
    h.emu.send_command(user, text, chat)
    await h.emu.settle()
    return [m for c in chats for m in h.emu.sent(c)[before[c] :]]


async def join_other(h: Harness, name: str, user_id: int) -> dict[str, Any]:
    """A member of the other campaign redeems their code like anyone would."""
    async with h.services.db.reader.execute("SELECT id FROM campaigns WHERE key = ?", (OTHER_KEY,)) as cur:
        row = await cur.fetchone()
    assert row is not None
    invites = await h.services.invites.invites(int(row[0]), None, "campaign_test_bot")
    user = h.emu.user(user_id, name)
    await h.say(user, f"/start {next(i.code for i in invites if i.member.member.name == name)}")
    return user


def refused(replies: list[SentMessage]) -> bool:
    return any(word in m.body for m in replies for word in REFUSED)


TARGETED = {
    "progress": lambda t: f"/progress {t.unit}",
    "invite": lambda t: f"/invite {t.unit}",
    "assign a unit": lambda t: f"/assign {t.unit} visit 5",
    "assign a member": lambda t: f"/assign {t.member} visit 5",
    "laggards of a unit": lambda t: f"/laggards {t.unit}",
    "verify a unit": lambda t: f"/verify {t.unit}",
    "verify a unit's flagged reports": lambda t: f"/verify flagged {t.unit}",
    "sample a unit": lambda t: f"/sample 5 {t.unit}",
    "report for a member": lambda t: f"/report_for {t.member} 走访5",
    "leave for a member": lambda t: f"/leave {t.member} 12-10 12-15",
    "end a member's leave": lambda t: f"/leave {t.member} off",
}


@pytest.mark.parametrize("where", ["private", "group"])
@pytest.mark.parametrize("command", TARGETED)
async def test_a_command_aimed_outside_the_subtree_is_refused_and_changes_nothing(
    world: World, command: str, where: str
) -> None:
    h = world.h
    for kind, target in TARGETS.items():
        before = await state(h)
        replies = await ask(h, world.town, TARGETED[command](target), world.chat(where))
        assert refused(replies), (kind, [m.body for m in replies])
        assert await state(h) == before, kind


@pytest.mark.parametrize("where", ["private", "group"])
async def test_verify_buttons_for_reports_outside_the_subtree_change_nothing(world: World, where: str) -> None:
    h = world.h
    ids: dict[str, int] = {}
    for kind, (name, user_id) in {"sibling": ("孙七", 1005), "parent": ("陈主任", 3001)}.items():
        reporter = await h.join(name, user_id)
        await h.say(reporter, "走访3")
        ids[kind] = await _last_report(h)
    await h.say(await join_other(h, "外县干部", 4002), "走访3")
    ids["other_campaign"] = await _last_report(h)
    [listing] = await h.say(world.town, "/verify")  # in private: nothing of theirs is listed
    message = listing if where == "private" else h.emu.sent(TOWN_GROUP)[-1]
    for kind, report_id in ids.items():
        before = await state(h)
        for action in ("a", "r", "A"):  # past the gate on offered buttons: the policy
            await h.press_stale(world.town, message, VerifyDecision(action, (report_id,)).pack())
        assert await state(h) == before, kind
    alerts = [str(c.params.get("text")) for c in h.emu.calls if c.method == "answerCallbackQuery"]
    assert alerts
    assert all(("范围" in a) or ("私聊" in a) for a in alerts[-9:])


@pytest.mark.parametrize("kind", TARGETS)
async def test_a_reconciliation_naming_a_unit_or_member_outside_the_subtree_stores_nothing(
    world: World, kind: str
) -> None:
    h, target = world.h, TARGETS[kind]
    before = await state(h)
    await h.say(world.town, "/reconcile")
    rows = "".join(f"{who},走访,3,县卫健局抽查,2026-11-19\n" for who in (OWN.unit, target.unit, target.member))
    after = len(h.emu.sent(world.town["id"]))
    h.emu.send_document(world.town, "check.csv", f"单位或人员,任务,核查数,来源,截至日期\n{rows}".encode())
    [reply] = await h.emu.wait_for_sent(world.town["id"], after=after)
    # Outside his scope reads exactly like a name that exists nowhere: he learns nothing of what lies there.
    refusal = "您可核查的范围内没有单位或人员"
    assert "2 处问题" in reply.body
    assert reply.body.count(refusal) == 2
    assert "A2" not in reply.body  # his own village is fine: the file is refused for the other two rows
    await h.emu.settle()
    assert await state(h) == before


BOUND_TO = {"sibling": "元木镇", "parent": "县卫健局", "other_campaign": "邻县卫健局"}  # the unit names of TARGETS


@pytest.mark.parametrize("kind", TARGETS)
async def test_bindgroup_in_a_group_bound_outside_the_subtree_is_refused(world: World, kind: str) -> None:
    h = world.h
    target = TARGETS[kind]
    group = h.emu.group(-100600, "别人的群")
    h.emu.add_bot_to_group(world.town, group)
    binder = await MemberRepo(h.services.db.reader).by_key(target.member)
    assert binder is not None
    async with h.services.db.transaction() as conn:
        await GroupRepo(conn).bind(group["id"], target.unit, binder.id, h.clock())
    before = await state(h)
    replies = await ask(h, world.town, "/bindgroup", group)
    refusal = th("zh", "error.group_bound_elsewhere", unit=BOUND_TO[kind])
    assert [(m.chat_id, m.body) for m in replies] == [(group["id"], refusal)]
    assert await state(h) == before


async def test_bindgroup_takes_over_a_group_of_the_own_subtree_and_tells_the_previous_binder(world: World) -> None:
    h = world.h
    village = await h.join("李书记", 2002)
    group = await h.bound_group(village, -100601, "七岭村群")
    replies = await ask(h, world.town, "/bindgroup", group)
    assert [m.body for m in replies if m.chat_id == group["id"]] == [th("zh", "groups.bound", unit="白洋渡镇")]
    bound = await GroupRepo(h.services.db.reader).get(group["id"])
    assert bound is not None
    assert bound.unit_code == "bydz"
    [notice] = await h.emu.wait_for_sent(village["id"], lambda m: "七岭村群" in m.body)
    assert "郭镇长" in notice.body
    assert "白洋渡镇" in notice.body


async def test_bindgroup_in_a_private_chat_binds_nothing(world: World) -> None:
    before = await state(world.h)
    [reply] = await world.h.say(world.town, "/bindgroup")
    assert "工作群" in reply.body
    assert await state(world.h) == before


def _plan_rooted(kind: str) -> bytes:
    if kind == "parent":  # the county's own campaign, as it is: its key belongs to the county
        return EXAMPLE_PLAN_YAML.encode()
    if kind == "other_campaign":
        return OTHER_PLAN.encode()
    header = EXAMPLE_PLAN_YAML[: EXAMPLE_PLAN_YAML.index("units:")].replace("winter-service-2026", "ymz-own")
    return (
        f"{header}units:\n  - {{code: ymz, name: 元木镇, level: town}}\n"
        "members:\n  - {name: 孙七, unit: ymz, role: cadre}\nquotas:\n  - {assignee: ymz, visit: 5}\n"
    ).encode()


def _own_town_plan(with_village: str | None = None) -> bytes:
    header = EXAMPLE_PLAN_YAML[: EXAMPLE_PLAN_YAML.index("units:")].replace("winter-service-2026", "bydz-own")
    village = f"    children:\n      - {{code: {with_village}, name: 双泉村, level: village}}\n" if with_village else ""
    return (
        f"{header}units:\n  - code: bydz\n    name: 白洋渡镇\n    level: town\n{village}"
        "members:\n  - {name: 郭镇长, unit: bydz, role: leader}\nquotas:\n  - {assignee: bydz, visit: 5}\n"
    ).encode()


@pytest.mark.parametrize("kind", TARGETS)
async def test_a_plan_for_a_unit_outside_the_subtree_is_listed_as_refused_and_nothing_is_imported(
    world: World, kind: str
) -> None:
    h = world.h
    before = await state(h)
    await h.say(world.town, "/plan")
    after = len(h.emu.sent(world.town["id"]))
    h.emu.send_document(world.town, "plan.yaml", _plan_rooted(kind))
    [reply] = await h.emu.wait_for_sent(world.town["id"], after=after)
    assert "超出您的权限" in reply.body
    assert reply.buttons() == []
    await h.emu.settle()
    assert await state(h) == before


async def test_plan_upload_is_refused_in_a_group(world: World) -> None:
    before = await state(world.h)
    replies = await ask(world.h, world.town, "/plan", world.group)
    assert any("私聊" in m.body for m in replies)
    assert await state(world.h) == before


PRIVATE_ONLY = ["/progress", "/laggards", "/silent", "/units", "/invite", "/verify", "/sample", "/export", "/reconcile"]


@pytest.mark.parametrize("command", PRIVATE_ONLY)
async def test_in_a_group_personal_data_goes_to_the_leader_privately(world: World, command: str) -> None:
    h = world.h
    await h.join("王五", 1003)
    group_before, private_before = len(h.emu.sent(TOWN_GROUP)), len(h.emu.sent(2001))
    h.emu.send_command(world.town, command, world.group)
    [note] = await h.emu.wait_for_sent(TOWN_GROUP, after=group_before)
    await h.emu.settle()
    assert note.body == "已私信发送。"
    assert note.document is None
    assert h.emu.sent(TOWN_GROUP)[group_before:] == [note]
    assert h.emu.sent(2001)[private_before:], "the answer went to the leader's private chat"


@pytest.mark.parametrize("command", PRIVATE_ONLY)
async def test_a_leader_the_bot_cannot_message_is_told_to_use_the_private_chat(world: World, command: str) -> None:
    h = world.h
    h.emu.never_started(world.town)
    before = await state(h)
    replies = await ask(h, world.town, command, world.group)
    assert [m.chat_id for m in replies] == [TOWN_GROUP]
    assert "/start" in replies[0].body
    assert "私聊" in replies[0].body
    assert await state(h) == before  # no join code made, no export audited


async def test_an_admin_who_never_started_the_bot_gets_no_join_codes_in_a_group(world: World) -> None:
    h = world.h
    admin = h.emu.user(ADMIN_ID, "管理员")
    before = await state(h)
    replies = await ask(h, admin, "/invite", world.group)
    assert len(replies) == 1
    assert "私聊" in replies[0].body
    assert await state(h) == before


async def test_inside_the_own_subtree_every_command_works(world: World) -> None:
    h = world.h
    wang = await h.join("王五", 1003)
    await h.say(wang, "走访3")
    assert "双泉村" in (await h.say(world.town, f"/progress {OWN.unit}"))[0].body
    assert "王五" in (await h.say(world.town, f"/assign {OWN.member} visit 5"))[0].body
    assert "未分配指标已分给" in (await h.say(world.town, "/split checkup even"))[0].body
    [listing] = await h.say(world.town, "/verify")
    approve = next(data for _, data in listing.buttons() if data.startswith("vf:a:"))
    await h.press(world.town, listing, approve)
    async with h.services.db.reader.execute("SELECT status FROM reports") as cur:
        assert [r[0] for r in await cur.fetchall()] == ["verified"]
    await h.say(wang, "体检2")
    [sample] = await h.say(world.town, f"/sample 1 {OWN.unit}")
    assert "王五" in sample.body
    assert "通报已发布到 1 个群" in (await h.say(world.town, "/bulletin"))[0].body
    assert any(m.photo for m in h.emu.sent(TOWN_GROUP))
    [codes] = await h.say(world.town, f"/invite {OWN.unit}")
    assert "未加入人员的邀请码（共 0 人）" in codes.body  # 王五 joined: nobody left in 双泉村


async def test_a_leader_removed_from_every_campaign_has_no_leader_power(world: World) -> None:
    h = world.h
    without_him = EXAMPLE_PLAN_YAML.replace("  - {name: 郭镇长, unit: bydz, role: leader}\n", "")
    await h.services.plans.import_plan(load_plan(without_him.encode(), "plan.yaml"))
    before = await state(h)
    for command in (
        "/progress",
        "/laggards",
        "/invite",
        "/assign sq visit 5",
        "/split visit even",
        "/verify",
        "/sample",
        "/export",
        "/bulletin",
        "/plan",
        "/reconcile",
    ):
        replies = await ask(h, world.town, command)
        assert replies, command
        assert not any("双泉村" in m.body or m.document for m in replies), command
    replies = await ask(h, world.town, "/bindgroup", world.group)
    assert not any("已绑定" in m.body for m in replies)
    after = len(h.emu.sent(world.town["id"]))
    h.emu.send_document(world.town, "plan.yaml", _own_town_plan())  # a fresh campaign of "his" town
    await h.emu.settle()
    for message in h.emu.sent(world.town["id"])[after:]:  # were a preview offered, he would confirm it
        if (yes := _confirm_button(message)) is not None:
            await h.press(world.town, message, yes)
    assert await state(h) == before


async def _last_report(h: Harness) -> int:
    async with h.services.db.reader.execute("SELECT MAX(id) FROM reports") as cur:
        row = await cur.fetchone()
    assert row is not None
    return int(row[0])


def _confirm_button(message: SentMessage) -> str | None:
    """The data of a plan preview's ✅, if the message offers one."""
    return next((data for text, data in message.buttons() if text == "✅" and data.startswith("pl:y")), None)


async def test_a_preview_confirmed_after_the_organisation_changed_is_judged_again(world: World) -> None:
    h = world.h
    await h.say(world.town, "/plan")
    after = len(h.emu.sent(world.town["id"]))
    h.emu.send_document(world.town, "plan.yaml", _own_town_plan(with_village="sq"))
    [preview] = await h.emu.wait_for_sent(world.town["id"], after=after)
    yes = _confirm_button(preview)
    assert yes is not None
    sq = "          - {code: sq,  name: 双泉村,  level: village}\n"
    ym = "          - {code: ym,  name: 元木村, level: village}\n"
    moved = EXAMPLE_PLAN_YAML.replace(sq, "").replace(ym, ym + sq)  # meanwhile the operator moves 双泉村 to 元木镇
    await h.services.plans.import_plan(load_plan(moved.encode(), "plan.yaml"))
    before = await state(h)
    replies = await h.press(world.town, preview, yes)
    assert await state(h) == before
    assert any("未导入" in m.body for m in [preview, *replies])


TAKEOVER = EXAMPLE_PLAN_YAML[: EXAMPLE_PLAN_YAML.index("units:")] + (
    "units:\n  - code: bydz\n    name: 白洋渡镇\n    level: town\n    children:\n"
    "      - {code: ql, name: 七岭村, level: village}\n"
    "      - code: ymz\n        name: 元木镇\n        level: town\n        children:\n"
    "          - {code: ym, name: 元木村, level: village}\n"
    "members:\n  - {name: 郭镇长, unit: bydz, role: leader}\n  - {name: 孙七, unit: ymz, role: leader}\n"
    "quotas:\n  - {assignee: bydz, visit: 10}\n"
)


async def test_a_town_leader_uploading_the_county_campaign_key_in_chat_changes_nothing(world: World) -> None:
    """The reproduction: his town with the sibling town drawn under it, its cadre made leader, under
    the county campaign's key. Before, the county campaign shrank and the county leader lost it."""
    h = world.h
    county = await h.join("陈主任", 3001)
    before = await state(h)
    await h.say(world.town, "/plan")
    after = len(h.emu.sent(world.town["id"]))
    h.emu.send_document(world.town, "plan.yaml", TAKEOVER.encode())
    [reply] = await h.emu.wait_for_sent(world.town["id"], after=after)
    if (yes := _confirm_button(reply)) is not None:
        await h.press(world.town, reply, yes)
    assert "超出您的权限" in reply.body
    assert "县卫健局" in reply.body
    assert await state(h) == before
    [progress] = await h.say(county, "/progress")
    assert "县卫健局" in progress.body
    assert "元木镇" in progress.body


async def test_an_admin_without_a_roster_entry_reports_for_nobody(world: World) -> None:
    """The ledger names whoever typed an entry for a member (代报人): an admin who is on no roster could not
    be named, so the entry would pass for the member's own. Refused with the policy's reason; nothing changes."""
    h = world.h
    admin = h.emu.user(ADMIN_ID, "管理员")
    before = await state(h)
    [reply] = await ask(h, admin, f"/report_for {OWN.member} 走访5")
    assert reply.body == th("zh", "proxy.needs_roster")
    assert await state(h) == before
