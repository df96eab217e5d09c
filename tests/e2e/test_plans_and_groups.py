"""Plans in chat, templates, several campaigns, group lifecycle and long bulletins (SPEC §3.1, §3.3, §4)."""

from __future__ import annotations

from bot.plans.example import EXAMPLE_PLAN_YAML
from bot.render.plan_workbook import write_template
from bot.storage.audit import AuditRepo
from bot.storage.groups import GroupRepo
from scheduler.runner import Runner
from tests.harness import ADMIN_ID, Harness, template_workbook, upload_workbook
from tests.harness import plan_tables as _plan_tables


async def test_plan_upload_lists_every_problem_and_imports_nothing(h: Harness) -> None:
    county = await h.join("陈主任", 3001)
    await h.say(county, "/plan")
    # Still valid apart from the two problems: a partial import would change the campaign's name too.
    broken = (
        EXAMPLE_PLAN_YAML.replace("key: visit", "key: 走访")
        .replace("percent: 80", "percent: 180")
        .replace("冬季健康服务集中活动", "改名的活动")
    )
    stored = await _plan_tables(h)
    audited = await AuditRepo(h.services.db.reader).recent()
    before = len(h.emu.sent(county["id"]))
    h.emu.send_document(county, "plan.yaml", broken.encode())
    [problems] = await h.emu.wait_for_sent(county["id"], after=before)
    assert "问题" in problems.body
    assert "tasks[0].key" in problems.body
    assert "milestones[1].percent" in problems.body
    assert problems.buttons() == []  # nothing to confirm
    await h.emu.settle()
    assert await _plan_tables(h) == stored
    assert await AuditRepo(h.services.db.reader).recent() == audited  # no plan_import row either


async def test_plan_upload_preview_then_confirm_imports_a_new_campaign(h: Harness) -> None:
    county = await h.join("陈主任", 3001)
    await h.say(county, "/plan")
    second = EXAMPLE_PLAN_YAML.replace("winter-service-2026", "spring-2027").replace("冬季健康服务集中活动", "春季专项")
    before = len(h.emu.sent(county["id"]))
    h.emu.send_document(county, "spring.yaml", second.encode())
    [preview] = await h.emu.wait_for_sent(county["id"], after=before)
    assert "春季专项" in preview.body
    await h.press(county, preview, preview.buttons()[0][1])
    assert "已导入新活动" in preview.body
    # Two campaigns now: commands ask which one, /campaign picks it.
    [ask] = await h.say(county, "/me")
    assert "/campaign" in ask.body
    [menu] = await h.say(county, "/campaign")
    spring = next(data for text, data in menu.buttons() if text == "春季专项")
    await h.press(county, menu, spring)
    [me] = await h.say(county, "/me")
    assert "春季专项" in me.body


async def test_xlsx_template_round_trips_through_chat(h: Harness) -> None:
    county = await h.join("陈主任", 3001)
    book = await template_workbook(h, county)
    sheet = book["campaign"]
    for row in sheet.iter_rows():
        if str(row[0].value).startswith("name "):
            row[1].value = "冬季活动（修订）"
    preview = await upload_workbook(h, county, book)
    assert "冬季活动（修订）" in preview.body
    await h.press(county, preview, preview.buttons()[0][1])
    assert "已更新活动" in preview.body


async def test_a_file_without_plan_command_is_not_imported(h: Harness) -> None:
    county = await h.join("陈主任", 3001)
    before = len(h.emu.sent(county["id"]))
    h.emu.send_document(county, "plan.xlsx", write_template())
    [reply] = await h.emu.wait_for_sent(county["id"], after=before)
    assert "/plan" in reply.body


async def test_bot_leaves_a_group_nobody_binds_within_a_day(h: Harness) -> None:
    stranger = h.emu.user(800, "陌生人")
    group = h.emu.group(-100900, "无关的群")
    h.emu.add_bot_to_group(stranger, group)
    town = await h.join("郭镇长", 2001)
    await h.bound_group(town, -100903, "镇群")  # bound: never left
    runner = Runner.create(h.services, h.app.bot)
    h.clock.advance(hours=23)
    await runner.tick()
    assert not any(c.method == "leaveChat" for c in h.emu.calls)
    h.clock.advance(hours=2)  # a day has passed; the schedule lives in the database, restarts included
    await runner.tick()
    await runner.tick()
    left = [c.params["chat_id"] for c in h.emu.calls if c.method == "leaveChat"]
    assert left == [str(group["id"])]  # once, and never the bound group


async def test_group_migration_keeps_the_binding(h: Harness) -> None:
    town = await h.join("郭镇长", 2001)
    group = await h.bound_group(town, -100901, "镇群")
    new_id = h.emu.migrate_group(group)
    await h.emu.settle()
    assert await GroupRepo(h.services.db.reader).get(new_id) is not None
    [posted] = await h.say(town, "/bulletin")
    assert "1 个群" in posted.body
    assert h.emu.sent(new_id)


async def test_bulletin_delivery_follows_a_migration_it_discovers_while_sending(h: Harness) -> None:
    town = await h.join("郭镇长", 2001)
    group = await h.bound_group(town, -100902, "镇群2")
    new_id = h.emu.migrate_group(group)
    h.emu.world.updates.clear()  # the service message is lost: the bot learns from the 400 instead
    [posted] = await h.say(town, "/bulletin")
    assert "1 个群" in posted.body
    assert h.emu.sent(new_id)
    assert await GroupRepo(h.services.db.reader).get(new_id) is not None


def test_long_rankings_are_split_below_4096_characters() -> None:
    from bot.views.sizing import chunks

    lines = [f"{i}. {'很长的单位名称' * 10} 50.0%" for i in range(300)]
    parts = chunks(lines)
    assert len(parts) > 1
    assert all(len(p) <= 4096 for p in parts)
    assert "\n".join(parts).splitlines() == lines


async def test_admin_without_roster_entry_sees_everything(h: Harness) -> None:
    admin = h.emu.user(ADMIN_ID, "管理员")
    [reply] = await h.say(admin, "/progress")
    assert "县卫健局" in reply.body


async def test_the_confirm_button_of_an_earlier_preview_imports_nothing(h: Harness) -> None:
    """A prompt acts only on what it asked about: ✅ under preview A must never import plan B."""
    county = await h.join("陈主任", 3001)
    previews = []
    for key, name in (("spring-2027", "春季专项"), ("summer-2027", "夏季专项")):
        await h.say(county, "/plan")
        plan = EXAMPLE_PLAN_YAML.replace("winter-service-2026", key).replace("冬季健康服务集中活动", name)
        before = len(h.emu.sent(county["id"]))
        h.emu.send_document(county, f"{key}.yaml", plan.encode())
        [preview] = await h.emu.wait_for_sent(county["id"], after=before)
        previews.append(preview)
    stored = await _plan_tables(h)
    await h.press(county, previews[0], previews[0].buttons()[0][1])
    assert "已导入" not in previews[0].body
    assert "过期" in previews[0].body
    assert await _plan_tables(h) == stored
    await h.press(county, previews[1], previews[1].buttons()[0][1])
    assert "已导入新活动" in previews[1].body
    assert "夏季专项" in previews[1].body
