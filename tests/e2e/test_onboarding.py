"""Onboarding through PTB + the emulator: /start with and without codes, /help per role, /lang."""

from __future__ import annotations

from bot.services.invites import MAX_FAILURES_PER_HOUR
from tests.harness import Harness


async def test_start_without_code_explains_how_to_join(h: Harness) -> None:
    stranger = h.emu.user(500, "路人")
    [reply] = await h.say(stranger, "/start")
    assert "邀请码" in reply.body


async def test_start_with_code_binds_the_account_and_code_is_single_use(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    [me] = await h.say(zhang, "/me")
    assert "张三" in me.body
    invites = await h.services.invites.invites(await h.campaign_id(), None, "b")
    assert "张三" not in {i.member.member.name for i in invites}  # joined: no code any more


async def test_a_used_code_is_refused_for_someone_else(h: Harness) -> None:
    campaign = await h.campaign_id()
    code = next(i.code for i in await h.services.invites.invites(campaign, None, "b") if i.member.member.name == "李四")
    li = h.emu.user(1002, "李四")
    await h.say(li, f"/start {code}")
    impostor = h.emu.user(1003, "冒名者")
    [reply] = await h.say(impostor, f"/start {code}")
    assert "已经被使用" in reply.body
    [me] = await h.say(impostor, "/me")
    assert "还不是本活动的成员" in me.body


async def test_expired_code_is_refused(h: Harness) -> None:
    campaign = await h.campaign_id()
    code = next(i.code for i in await h.services.invites.invites(campaign, None, "b") if i.member.member.name == "王五")
    h.clock.advance(days=15)
    [reply] = await h.say(h.emu.user(1004, "王五"), f"/start {code}")
    assert "过期" in reply.body


async def test_join_code_brute_force_is_limited(h: Harness) -> None:
    guesser = h.emu.user(666, "猜码者")
    for i in range(MAX_FAILURES_PER_HOUR):
        [reply] = await h.say(guesser, f"/start WRONGCODE{i}")
        assert "无效" in reply.body
    campaign = await h.campaign_id()
    real = next(i.code for i in await h.services.invites.invites(campaign, None, "b") if i.member.member.name == "赵六")
    [reply] = await h.say(guesser, f"/start {real}")
    assert "尝试次数过多" in reply.body  # even the right code is refused while locked out
    h.clock.advance(hours=1, minutes=1)
    [reply] = await h.say(guesser, f"/start {real}")
    assert "赵六" in reply.body


async def test_help_depends_on_role(h: Harness) -> None:
    stranger = h.emu.user(501, "访客")
    cadre = await h.join("张三", 1001)
    leader = await h.join("郭镇长", 2001)
    [guest_help] = await h.say(stranger, "/help")
    [cadre_help] = await h.say(cadre, "/help")
    [leader_help] = await h.say(leader, "/help")
    assert "/report" not in guest_help.body
    assert "/report" in cadre_help.body
    assert "/assign" not in cadre_help.body
    assert "/assign" in leader_help.body


async def test_lang_switches_the_language_of_replies(h: Harness) -> None:
    zhang = await h.join("张三", 1001)
    [reply] = await h.say(zhang, "/lang en")
    assert "English" in reply.body
    [help_en] = await h.say(zhang, "/help")
    assert "Commands" in help_en.body
    [bad] = await h.say(zhang, "/lang fr")
    assert "not supported" in bad.body


async def test_english_telegram_user_gets_english_before_joining(h: Harness) -> None:
    visitor = h.emu.user(502, "Visitor", language_code="en-US")
    [reply] = await h.say(visitor, "/start")
    assert "join code" in reply.body
