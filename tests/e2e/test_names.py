"""Leader commands take what people see — names, codes, aliases, in any width — and a namesake is a
choice, never "not found" (SPEC §3.1). Through PTB and the emulator."""

from __future__ import annotations

from bot.domain.model import Assignee
from bot.plans import load_plan
from bot.plans.example import EXAMPLE_PLAN_YAML
from bot.storage.campaigns import QuotaRepo
from tests.example_plans import TWO_WANG_FANG
from tests.harness import Harness


async def _quota(h: Harness, assignee: Assignee, task: str) -> int | None:
    quotas = dict(await QuotaRepo(h.services.db.reader).for_campaign(await h.campaign_id()))
    return quotas.get((assignee, task))


async def _two_wang_fang(h: Harness) -> None:
    await h.services.plans.import_plan(load_plan(TWO_WANG_FANG.encode(), "plan.yaml"))


async def test_assign_takes_a_member_name_and_a_task_alias(h: Harness) -> None:
    village = await h.join("李书记", 2002)
    [reply] = await h.say(village, "/assign 张三 走访 10")
    assert "已设置 张三 的 入户走访 指标为 10 户" in reply.body
    assert await _quota(h, Assignee.member("张三"), "visit") == 10


async def test_assign_takes_a_unit_name_and_a_task_name(h: Harness) -> None:
    town = await h.join("郭镇长", 2001)
    [reply] = await h.say(town, "/assign 七岭村 入户走访 45")
    assert "已设置 七岭村 的 入户走访 指标为 45 户" in reply.body
    assert await _quota(h, Assignee.unit("ql"), "visit") == 45


async def test_codes_and_keys_in_full_width_or_capitals_are_understood(h: Harness) -> None:
    town = await h.join("郭镇长", 2001)
    [reply] = await h.say(town, "/assign ＱＬ ＶＩＳＩＴ 44")
    assert "七岭村" in reply.body
    assert await _quota(h, Assignee.unit("ql"), "visit") == 44


async def test_an_unknown_name_lists_the_valid_choices_in_scope(h: Harness) -> None:
    village = await h.join("李书记", 2002)
    [reply] = await h.say(village, "/assign 陈三 走访 10")
    assert "陈三" in reply.body
    assert "张三" in reply.body
    assert "李四" in reply.body
    assert "王五" not in reply.body  # 双泉村 is not his


async def test_an_unknown_task_lists_the_campaigns_tasks(h: Harness) -> None:
    village = await h.join("李书记", 2002)
    [reply] = await h.say(village, "/assign 张三 挖沟 10")
    assert "挖沟" in reply.body
    assert "入户走访、健康体检、信息登记" in reply.body


async def test_split_takes_a_task_alias(h: Harness) -> None:
    village = await h.join("李书记", 2002)
    [reply] = await h.say(village, "/split 走访 even")
    assert "入户走访 未分配指标已分给" in reply.body


async def test_progress_and_laggards_take_a_unit_name(h: Harness) -> None:
    town = await h.join("郭镇长", 2001)
    [progress] = await h.say(town, "/progress 七岭村")
    assert "七岭村" in progress.body
    assert "双泉村" not in progress.body
    [other] = await h.say(town, "/progress 元木镇")
    assert "不在您负责的范围内" in other.body
    [missing] = await h.say(town, "/laggards 东一村")
    assert "东一村" in missing.body
    assert "七岭村" in missing.body
    assert "双泉村" in missing.body
    [outside] = await h.say(town, "/laggards 元木镇")
    assert "不在您负责的范围内" in outside.body


async def test_two_members_of_one_name_get_buttons_and_the_pressed_one_is_assigned(h: Harness) -> None:
    await _two_wang_fang(h)
    town = await h.join("郭镇长", 2001)
    [ask] = await h.say(town, "/assign 王芳 走访 5")
    labels = [text for text, _ in ask.buttons()]
    assert labels == ["王芳（双泉村）", "王芳（青鹿居委会）"]
    assert "王芳（双泉村）" in ask.body  # the typed form is offered too
    await h.press(town, ask, ask.buttons()[1][1])
    assert await _quota(h, Assignee.member("wf2"), "visit") == 5
    assert await _quota(h, Assignee.member("wf1"), "visit") is None
    assert "王芳" in ask.body
    assert "5" in ask.body


async def test_the_typed_form_names_one_of_two_namesakes(h: Harness) -> None:
    await _two_wang_fang(h)
    town = await h.join("郭镇长", 2001)
    [reply] = await h.say(town, "/assign 王芳（双泉村） 走访 6")
    assert "王芳" in reply.body
    assert await _quota(h, Assignee.member("wf1"), "visit") == 6
    await h.say(town, "/assign 王芳(qlj) visit 7")
    assert await _quota(h, Assignee.member("wf2"), "visit") == 7


async def test_units_and_tasks_show_names_codes_and_aliases(h: Harness) -> None:
    town = await h.join("郭镇长", 2001)
    [units] = await h.say(town, "/units")
    assert "七岭村" in units.body
    assert "ql" in units.body
    assert "元木镇" not in units.body
    [tasks] = await h.say(town, "/tasks")
    assert "入户走访" in tasks.body
    assert "visit" in tasks.body
    assert "家访" in tasks.body


# --- examples come from the running campaign -------------------------------------------------------

TREE_PLANTING = (
    EXAMPLE_PLAN_YAML.replace(
        "  - {key: visit,    name: 入户走访, unit: 户, aliases: [走访, 家访, 入户, visit]}\n"
        "  - {key: checkup,  name: 健康体检, unit: 人, aliases: [体检, checkup]}\n"
        "  - {key: register, name: 信息登记, unit: 份, aliases: [登记, 录入, register], max_per_report: 80}\n",
        "  - {key: plant, name: 植树造林, unit: 棵, aliases: [植树, plant]}\n"
        "  - {key: water, name: 浇水养护, unit: 次, aliases: [浇水, water]}\n"
        "  - {key: weed, name: 除草, unit: 亩, aliases: [weed]}\n",
    )
    .replace("visit:", "plant:")
    .replace("checkup:", "water:")
    .replace("register:", "weed:")
    .replace("task: checkup", "task: water")
)


async def _tree_planting(h: Harness) -> None:
    await h.services.plans.import_plan(load_plan(TREE_PLANTING.encode(), "plan.yaml"))


async def test_the_join_message_and_help_show_the_campaigns_own_report_example(h: Harness) -> None:
    await _tree_planting(h)
    zhang = await h.join("张三", 1001)
    [welcome] = h.emu.sent(zhang["id"])[-1:]
    assert "植树5 浇水3" in welcome.body
    assert "走访" not in welcome.body
    [again] = await h.say(zhang, "/start")
    assert "植树5 浇水3" in again.body
    [cadre_help] = await h.say(zhang, "/help")
    assert "植树5 浇水3" in cadre_help.body
    assert "走访" not in cadre_help.body


async def test_leader_help_and_usage_show_the_campaigns_tasks(h: Harness) -> None:
    await _tree_planting(h)
    town = await h.join("郭镇长", 2001)
    [leader_help] = await h.say(town, "/help")
    assert "/assign 七岭村 植树 40" in leader_help.body
    assert "visit" not in leader_help.body
    assert "走访" not in leader_help.body
    [usage] = await h.say(town, "/assign 七岭村")
    assert "/assign 七岭村 植树 40" in usage.body
    [split_usage] = await h.say(town, "/split")
    assert "/split 植树 even" in split_usage.body
    [proxy_usage] = await h.say(town, "/report_for")
    assert "植树5" in proxy_usage.body


async def test_a_message_not_understood_is_answered_with_the_campaigns_example(h: Harness) -> None:
    await _tree_planting(h)
    zhang = await h.join("张三", 1001)
    [how_to] = await h.say(zhang, "你好")
    assert "植树5 浇水3" in how_to.body
    assert "走访" not in how_to.body


async def test_english_help_shows_the_example_with_a_space_before_the_count(h: Harness) -> None:
    await _tree_planting(h)
    zhang = await h.join("张三", 1001)
    await h.say(zhang, "/lang en")
    [cadre_help] = await h.say(zhang, "/help")
    assert "植树 5 浇水 3" in cadre_help.body
    assert "visit" not in cadre_help.body


# --- /lang answers with language names -------------------------------------------------------------


async def test_lang_answers_with_language_names_and_takes_them(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    [usage] = await h.say(zhang, "/lang")
    assert "当前语言：中文" in usage.body
    assert "English" in usage.body
    assert "zh|en" not in usage.body
    [switched] = await h.say(zhang, "/lang English")
    assert switched.body == "Language switched to English."
    [usage_en] = await h.say(zhang, "/lang")
    assert "Current language: English" in usage_en.body
    assert "中文" in usage_en.body
    [unknown] = await h.say(zhang, "/lang fr")
    assert "中文" in unknown.body
    assert "English" in unknown.body
    [back] = await h.say(zhang, "/lang 中文")
    assert back.body == "已切换为中文。"


async def test_two_units_of_one_name_are_asked_about_and_the_typed_form_answers(h: Harness) -> None:
    second = EXAMPLE_PLAN_YAML.replace(
        "          - {code: byd, name: 白洋渡村, level: village}\n",
        "          - {code: byd, name: 白洋渡村, level: village}\n"
        "          - {code: ql2, name: 七岭村, level: village}\n",
    )
    await h.services.plans.import_plan(load_plan(second.encode(), "plan.yaml"))
    county = await h.join("陈主任", 3001)
    [asked] = await h.say(county, "/progress 七岭村")
    assert "七岭村（白洋渡镇）、七岭村（元木镇）" in asked.body
    assert "找不到" not in asked.body
    [progress] = await h.say(county, "/progress 七岭村（元木镇）")
    assert progress.body.startswith("<b>七岭村</b>")
    assert "张三" not in progress.body  # the new, empty 七岭村 of 元木镇
    town = await h.join("郭镇长", 2001)  # only one 七岭村 is his: no question
    [own] = await h.say(town, "/progress 七岭村")
    assert own.body.startswith("<b>七岭村</b>")
    assert "张三" in own.body
