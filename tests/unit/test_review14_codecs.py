"""Review of the callback codecs' shared y/n and revision readers (bot/chat/callback_data.py): what `pack()`
writes still reads back, and a forged answer or revision (other case, a word, a sign, a leading zero, a
space, another digit system, an id past 64 bits) is refused as an outdated button, never read as
something, in every codec that uses them."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bot.chat.callback_data import OutdatedButton
from bot.chat.callback_plan import PlanAnswer
from bot.chat.callback_report import ConfirmPrompt, QuestionAnswer

FORGED_ANSWERS = ["Y", "N", "yes", "no", "1", "0", "", " y", "y ", "ｙ", "t", "n\n"]
FORGED_REVISIONS = ["00", "-0", "-1", "+1", "01", "", " 0", "0 ", "٠", "٣", "１", "1e3", "0x1", "1" * 19, "1_0"]
Unpack = Callable[[str | None], object]


@pytest.mark.parametrize("answer", FORGED_ANSWERS)
@pytest.mark.parametrize(
    ("unpack", "payload"),
    [(ConfirmPrompt.unpack, "rc:{}:7:0"), (QuestionAnswer.unpack, "rq:t:{}:7:0"), (PlanAnswer.unpack, "pl:{}:7")],
    ids=["confirm", "question", "plan"],
)
def test_a_forged_answer_is_refused_by_every_codec(unpack: Unpack, payload: str, answer: str) -> None:
    with pytest.raises(OutdatedButton):
        unpack(payload.format(answer))


@pytest.mark.parametrize("revision", FORGED_REVISIONS)
@pytest.mark.parametrize(
    ("unpack", "payload"), [(ConfirmPrompt.unpack, "rc:y:7:{}"), (QuestionAnswer.unpack, "rq:s:n:7:{}")]
)
def test_a_forged_revision_is_refused_by_every_codec(unpack: Unpack, payload: str, revision: str) -> None:
    with pytest.raises(OutdatedButton):
        unpack(payload.format(revision))


@pytest.mark.parametrize("revision", [0, 1, 10**17, 10**18 - 1])
@pytest.mark.parametrize("yes", [True, False])
def test_what_each_codec_writes_reads_back(yes: bool, revision: int) -> None:
    assert ConfirmPrompt.unpack(ConfirmPrompt(yes, 7, revision).pack()) == ConfirmPrompt(yes, 7, revision)
    for answer in (QuestionAnswer("typo", yes, 7, revision), QuestionAnswer("total", yes, 7, revision)):
        assert QuestionAnswer.unpack(answer.pack()) == answer
    assert PlanAnswer.unpack(PlanAnswer(yes, 7).pack()) == PlanAnswer(yes, 7)
    assert ConfirmPrompt(yes, 7, revision).pack().split(":")[1] == ("y" if yes else "n")
