"""Callback data is input: one typed codec per prefix; a malformed payload is refused, never guessed."""

from __future__ import annotations

from typing import Any

import pytest

from bot.chat.callback_data import MAX_BYTES, OutdatedButton, answered_yes, message_revision, yes_no
from bot.chat.callback_member import MemberPick, ResplitLeave
from bot.chat.callback_plan import CampaignPick, PlanAnswer, TemplatePick
from bot.chat.callback_report import ConfirmPrompt, QuestionAnswer, ReportStep
from bot.chat.callback_verify import VerifyDecision

BIGGEST_USER = 2**53 - 1  # Telegram user ids fit in 52 bits

EXAMPLES = [
    ReportStep(BIGGEST_USER, "t", "a" * 24),
    ReportStep(BIGGEST_USER, "k", "a" * 24, digits="1234"),
    ReportStep(BIGGEST_USER, "k", "visit", digits=""),
    ReportStep(BIGGEST_USER, "n", "a" * 24, count=999_999_999),
    ReportStep(BIGGEST_USER, "c", "visit", count=5),
    ReportStep(BIGGEST_USER, "C", "visit", count=60),
    ReportStep(1001, "x"),
    ConfirmPrompt(True, 2**31, 2**40),
    ConfirmPrompt(False, 7, 0),
    VerifyDecision("i"),
    VerifyDecision("a", (36**6 - 1,)),
    VerifyDecision("r", (1,)),
    VerifyDecision("A", tuple(range(36**6 - 8, 36**6))),
    VerifyDecision("a", (36**6 - 1,), unit="a" * 24),  # a /verify <unit> listing keeps its unit
    VerifyDecision("A", (1, 2, 3), unit="ql"),
    VerifyDecision("a", (5,), flagged=True),  # a `/verify flagged` listing stays flagged-only
    VerifyDecision("A", (1, 2), unit="ql", flagged=True),
    VerifyDecision("r", (5,), sample=36**4),  # a /sample listing shows the rest of its picks
    PlanAnswer(True, 2**40),
    PlanAnswer(False, 1),
    CampaignPick(2**40),
    QuestionAnswer("typo", True, 2**31, 2**40),
    QuestionAnswer("total", False, 7, 0),
    MemberPick("a", BIGGEST_USER, 2**20, (("a" * 24, 999_999),)),
    MemberPick("r", 1001, 7, (("visit", 5), ("checkup", 3))),
    ResplitLeave(2**40, "0a1b2c3d"),
    ResplitLeave(1, "ffffffff"),
]


@pytest.mark.parametrize("value", EXAMPLES, ids=repr)
def test_every_payload_round_trips_within_telegrams_64_bytes(value: object) -> None:
    data = value.pack()  # type: ignore[attr-defined]
    assert len(data.encode()) <= MAX_BYTES
    assert type(value).unpack(data) == value  # type: ignore[attr-defined]


def test_a_namesake_choice_too_long_for_a_button_is_offered_typed_only() -> None:
    worst = MemberPick("r", BIGGEST_USER, 2**40, (("a" * 24, 999_999_999), ("b" * 24, 1)))
    assert not worst.fits()
    assert MemberPick("r", 1001, 7, (("visit", 5),)).fits()


def test_the_payloads_of_the_keyboards_sent_before_this_codec_still_decode() -> None:
    assert ReportStep.unpack("rp:1001:x:") == ReportStep(1001, "x")
    assert ReportStep.unpack("rp:1001:t:visit") == ReportStep(1001, "t", "visit")
    assert ReportStep.unpack("rp:1001:k:visit:") == ReportStep(1001, "k", "visit")
    assert ReportStep.unpack("rp:1001:n:visit:5") == ReportStep(1001, "n", "visit", count=5)
    assert VerifyDecision.unpack("vf:A:a,b,c") == VerifyDecision("A", (10, 11, 12))
    assert CampaignPick.unpack("cmp:3") == CampaignPick(3)


MALFORMED = {
    ReportStep: [
        "",
        "rp:",
        "rp:abc",
        "rp:1001",
        "rp:-1:t:visit",
        "rp:1001:c:visit:",
        "rp:1001:c:visit:-5",
        "rp:1001:c:visit:٥",
        "rp:1001:c:visit:9223372036854775807",
        "rp:1001:q:visit:5",
        "rp:1001:t:no such task!",
        "rp:1001:t:visit:extra",
        "rp:1001:k:visit:12345",
        "rp:1001:x:visit",
        "xx:1001:t:visit",
    ],
    ConfirmPrompt: ["rc:y:abc", "rc:y:1", "rc:y:1:2:3", "rc:maybe:1:0", "rc:y:-1:0", "rc:y:1:٥"],
    VerifyDecision: [
        "vf:a:!!",
        "vf:a:",
        "vf:a:1,2",
        "vf:A:",
        "vf:A:" + ",".join(["1"] * 9),
        "vf:x:1",
        "vf:i:1",
        "vf:a:" + "z" * 13,
        "vf:a:1:",
        "vf:a:1:no such unit!",
        "vf:a:1:!!",
        "vf:a:1:#",
        "vf:a:1:#!x",
        "vf:a:1:!#1",
        "vf:a:1:ql:x",
    ],
    PlanAnswer: ["pl:z", "pl:yes", "pl:", "pl:y", "pl:y:0", "pl:y:1:2", "pl:y:٣"],
    QuestionAnswer: ["rq:t:y:1", "rq:x:y:1:0", "rq:s:maybe:1:0", "rq:t:y:-1:0", "rq:s:n:1:٥", "rq:t:y:1:0:0"],
    CampaignPick: ["cmp:abc", "cmp:", "cmp:-3", "cmp:99999999999999999999999999", "cmp:٣"],
    MemberPick: [
        "mp:a:1001:7:",
        "mp:a:1001:7:visit=5,checkup=3",  # a quota is one task
        "mp:x:1001:7:visit=5",
        "mp:r:1001:0:visit=5",
        "mp:r:-1:7:visit=5",
        "mp:r:1001:7:visit=-5",
        "mp:r:1001:7:visit=٥",
        "mp:r:1001:7:visit",
        "mp:r:1001:7:no such task!=5",
        "mp:r:1001:7",
    ],
    ResplitLeave: ["lr:1", "lr:0:0a1b2c3d", "lr:1:0A1B2C3D", "lr:1:0a1b2c3", "lr:1:0a1b2c3d:0", "lr:-1:0a1b2c3d"],
}


@pytest.mark.parametrize(
    ("codec", "data"), [(codec, data) for codec, items in MALFORMED.items() for data in items], ids=repr
)
def test_a_malformed_payload_is_refused_as_an_outdated_button(codec: Any, data: str) -> None:
    with pytest.raises(OutdatedButton) as refused:
        codec.unpack(data)
    assert refused.value.key == "callback.outdated"


def test_every_callback_handler_is_routed_by_a_codec_prefix() -> None:
    from bot.handlers import CALLBACKS

    codecs = (ReportStep, ConfirmPrompt, QuestionAnswer, VerifyDecision, PlanAnswer, CampaignPick, MemberPick,
              ResplitLeave, TemplatePick)  # fmt: skip
    assert sorted(pattern.removeprefix("^") for pattern, _ in CALLBACKS) == sorted(c.PREFIX for c in codecs)


def test_a_yes_or_no_answer_is_written_y_or_n_and_read_back() -> None:
    assert (yes_no(True), yes_no(False)) == ("y", "n")
    assert (answered_yes("y"), answered_yes("n")) == (True, False)


@pytest.mark.parametrize("field", ["", "Y", "yes", "1", "maybe"])
def test_an_answer_other_than_y_or_n_is_an_outdated_button(field: str) -> None:
    with pytest.raises(OutdatedButton):
        answered_yes(field)


def test_a_revision_is_0_for_a_message_never_edited_or_an_edits_id() -> None:
    assert message_revision("0") == 0
    assert message_revision(str(2**40)) == 2**40


@pytest.mark.parametrize("field", ["", "00", "-1", "٥", "1.5"])
def test_a_revision_that_is_neither_is_an_outdated_button(field: str) -> None:
    with pytest.raises(OutdatedButton):
        message_revision(field)
