"""SPEC §3.2: free-text reports `走访5 体检3` become counts per task, or a specific refusal."""

from __future__ import annotations

import random
from typing import NoReturn

import pytest

from bot.domain import parser
from bot.domain.errors import InvalidInput
from bot.domain.model import TaskType
from bot.domain.parser import (
    MAX_LENGTH,
    ParsedItem,
    Reason,
    ReportParseError,
    example_report,
    looks_like_report,
    mentions_task_first,
    parse_report,
)
from bot.texts import CATALOGUES, t

# The tasks of /work/shared/examples/plan.yaml, built directly so the test depends on no file.
VISIT = TaskType("visit", "入户走访", "户", ("走访", "家访", "入户", "visit"))
CHECKUP = TaskType("checkup", "健康体检", "人", ("体检", "checkup"))
REGISTER = TaskType("register", "信息登记", "份", ("登记", "录入", "register"), max_per_report=80)
TASKS = (VISIT, CHECKUP, REGISTER)
CLASH = (TaskType("visit", "入户走访", "户", ("走访",)), TaskType("revisit", "回访", "户", ("走访",)))

ACCEPTED: list[tuple[str, tuple[tuple[str, int], ...]]] = [
    ("走访5 体检3", (("visit", 5), ("checkup", 3))),
    ("今天入户走访十二户，健康体检两人", (("visit", 12), ("checkup", 2))),
    ("visit 5", (("visit", 5),)),
    ("Visit: 5, checkup 3", (("visit", 5), ("checkup", 3))),
    ("VISIT 7", (("visit", 7),)),
    ("走访+5", (("visit", 5),)),
    ("走访５", (("visit", 5),)),
    ("走访１２户", (("visit", 12),)),
    ("走访 五 户", (("visit", 5),)),
    ("登记一百零五份", (("register", 105),)),
    ("体检两百人", (("checkup", 200),)),
    ("家访廿三户", (("visit", 23),)),
    ("入户走访十户", (("visit", 10),)),  # the longest task word wins over 入户 and 走访
    ("健康体检3人", (("checkup", 3),)),  # 健康体检 before 体检
    ("体检3 走访5", (("checkup", 3), ("visit", 5))),  # message order is kept
    ("走访5、体检3、登记20", (("visit", 5), ("checkup", 3), ("register", 20))),
    ("走访5；体检3", (("visit", 5), ("checkup", 3))),
    ("走访5\n体检3\n登记1", (("visit", 5), ("checkup", 3), ("register", 1))),
    ("  走访 5  ", (("visit", 5),)),
    ("今天已完成入户走访12户，体检3人、登记20份。", (("visit", 12), ("checkup", 3), ("register", 20))),
    ("上午走访了3户", (("visit", 3),)),
    ("本人新增体检4人", (("checkup", 4),)),
    ("体检3人次", (("checkup", 3),)),
    ("录入8条", (("register", 8),)),
    ("走访007", (("visit", 7),)),
    ("checkup3 register4", (("checkup", 3), ("register", 4))),
    ("@campaign_bot 走访5", (("visit", 5),)),
    ("走访10000", (("visit", 10_000),)),  # exactly the absurd limit is still accepted
    ("登记100", (("register", 100),)),  # above max_per_report: the service asks, the parser accepts
    ("visit 5 and checkup 3", (("visit", 5), ("checkup", 3))),
    ("走访一万", (("visit", 10_000),)),
    ("✅走访5户👍🏻", (("visit", 5),)),  # emoji carry no count or command
    ("走访5 入户3", (("visit", 8),)),  # one task named twice is summed (SPEC §3.2)
    ("走访5 体检3 走访2", (("visit", 7), ("checkup", 3))),
    ("visits 5 checkup 3", (("visit", 5), ("checkup", 3))),  # `visits` is a form of the word `visit`
]

REFUSED: list[tuple[str, Reason]] = [
    ("", Reason.NO_TASK),
    ("你好", Reason.NO_TASK),
    ("hello there", Reason.NO_TASK),
    ("走访", Reason.MISSING_COUNT),
    ("走访 体检3", Reason.MISSING_COUNT),
    ("体检3 走访", Reason.MISSING_COUNT),
    ("走访户", Reason.MISSING_COUNT),
    ("5户", Reason.COUNT_WITHOUT_TASK),
    ("5 走访3", Reason.COUNT_WITHOUT_TASK),
    ("走访0", Reason.ZERO),
    ("走访零户", Reason.ZERO),
    ("走访-5", Reason.NEGATIVE),
    ("走访负五", Reason.NEGATIVE),
    ("走访 −5", Reason.NEGATIVE),
    ("走访5.5", Reason.FRACTIONAL),
    ("走访三点五", Reason.FRACTIONAL),
    ("走访.5", Reason.FRACTIONAL),
    ("走访1e9", Reason.ABSURD),
    ("走访100000", Reason.ABSURD),
    ("走访十万户", Reason.ABSURD),
    ("走访1e1", Reason.BAD_NUMBER),
    ("走访五五十", Reason.BAD_NUMBER),
    ("走访5 6", Reason.TWO_COUNTS),
    ("走访5户 6户", Reason.TWO_COUNTS),
    ("累计走访30 入户40", Reason.DUPLICATE_TASK),  # two running totals for one task: which one?
    ("走访٥", Reason.FOREIGN_DIGIT),
    ("走访①", Reason.FOREIGN_DIGIT),
    ("走访²", Reason.FOREIGN_DIGIT),
    ("走访5; DROP TABLE", Reason.UNKNOWN_WORD),
    ("走访5 累计40", Reason.TWO_COUNTS),  # a running total is not an increment
    ("走访共计15户", Reason.CUMULATIVE),  # parse_report records increments: a total is refused
    ("昨天走访5户", Reason.DATED),  # … and today's work: a past day is refused
    ("走访约5户", Reason.APPROXIMATE),
    ("走访一二", Reason.DIGIT_BY_DIGIT),
    ("走防5", Reason.TYPO),
    ("昨天走访3 今天走访2", Reason.MIXED_DAYS),
    ("走访5户户", Reason.UNKNOWN_WORD),
    ("visitors 5 checkup 3", Reason.UNKNOWN_WORD),  # `visitors` is not a form of `visit`
    ("走访5 <b>x</b>", Reason.UNKNOWN_WORD),
    ("走访5 好的", Reason.UNKNOWN_WORD),
    ("走访5" + " " * MAX_LENGTH, Reason.TOO_LONG),
]


def refusal(text: str, tasks: tuple[TaskType, ...] = TASKS, **kwargs: int) -> ReportParseError:
    with pytest.raises(ReportParseError) as caught:
        parse_report(text, tasks, **kwargs)
    return caught.value


@pytest.mark.parametrize(("text", "expected"), ACCEPTED)
def test_accepted_report_yields_exact_counts_in_message_order(text: str, expected: tuple[tuple[str, int], ...]) -> None:
    assert parse_report(text, TASKS) == tuple(ParsedItem(task, count) for task, count in expected)


@pytest.mark.parametrize(("text", "reason"), REFUSED)
def test_refused_report_names_its_specific_reason(text: str, reason: Reason) -> None:
    error = refusal(text)
    assert error.reason is reason
    assert error.key == f"parser.{reason.value}"
    assert isinstance(error, InvalidInput)  # handlers already turn InvalidInput into a reply
    assert error.params["example"] == "走访5 体检3"  # every refusal shows how to report


def test_word_naming_two_tasks_is_refused_as_ambiguous_not_guessed() -> None:
    error = refusal("走访5", CLASH)
    assert error.reason is Reason.AMBIGUOUS_WORD
    assert error.params["word"] == "走访"
    assert error.params["tasks"] == ("回访", "入户走访")


def test_absurd_limit_is_the_callers_choice() -> None:
    assert parse_report("走访500", TASKS, absurd_limit=500) == (ParsedItem("visit", 500),)
    error = refusal("走访501", TASKS, absurd_limit=500)
    assert error.reason is Reason.ABSURD
    assert error.params["limit"] == 500


def test_refusal_quotes_the_offending_word_and_the_task_display_name() -> None:
    error = refusal("家访5 6")
    assert error.params["task"] == "入户走访"
    assert error.params["word"] == "6"
    assert refusal("走访5; DROP TABLE").params["word"] == "DROP"
    assert refusal("走访5 <script>").params["word"] == "<script>"
    assert refusal("走访٥").params["word"] == "٥"


def test_quoted_user_word_is_clipped_so_a_refusal_stays_short() -> None:
    word = refusal("走访5 " + "x" * 200).params["word"]
    assert len(word) <= 16
    assert word.endswith("…")


def test_example_is_built_from_the_campaigns_own_task_words() -> None:
    assert example_report(TASKS) == "走访5 体检3"
    assert example_report((CHECKUP, TaskType("x", "巡查", "次"))) == "体检5 巡查3"
    assert example_report(()) == "走访5 体检3"


def test_a_task_name_starting_with_a_numeral_is_not_swallowed_by_the_previous_count() -> None:
    tasks = (VISIT, TaskType("second", "二次随访", "次"))
    assert parse_report("走访5二次随访3", tasks) == (ParsedItem("visit", 5), ParsedItem("second", 3))


def test_ten_kilobyte_message_is_refused_as_too_long_without_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def must_not_run(*args: object) -> NoReturn:
        raise AssertionError("a too-long message reached the tokenizer")

    monkeypatch.setattr(parser, "tokenize", must_not_run)
    error = refusal("走访5 " * 2_000)  # 10 kB of otherwise valid-looking text
    assert error.reason is Reason.TOO_LONG
    assert error.params["limit"] == MAX_LENGTH


# (text, starts with a task word → treated as a report in groups, names a task anywhere)
CLASSIFIED = [
    ("走访5", True, True),
    ("今天走访5户", True, True),
    ("@campaign_bot 体检3", True, True),
    ("  Visit 5", True, True),
    ("大家辛苦了，走访5", False, True),  # group chatter mentioning a task later is not a report
    ("CHECKUP?", True, True),
    ("visitor 5", False, False),
    ("明天开会", False, False),
    ("5户", False, False),
    ("", False, False),
]


@pytest.mark.parametrize(("text", "starts", "anywhere"), CLASSIFIED)
def test_group_reports_start_with_a_task_word_and_private_help_depends_on_any_task_word(
    text: str, starts: bool, anywhere: bool
) -> None:
    assert mentions_task_first(text, TASKS) is starts
    assert looks_like_report(text, TASKS) is anywhere


def _random_message(rng: random.Random) -> tuple[str, tuple[ParsedItem, ...]]:
    """A well-formed message with its expected result, built from the grammar's own pieces."""
    words = {t.key: [*t.names, t.key.upper()] for t in TASKS}
    numerals = {
        1: ["1", "１", "一"],
        2: ["2", "两", "二"],
        12: ["12", "十二", "１２"],
        105: ["105", "一百零五"],
    }
    mentions, expected = [], []
    for task in rng.sample(TASKS, rng.randint(1, 3)):
        count = rng.choice(list(numerals))
        unit = rng.choice(["", task.unit, " " + task.unit])
        plus = rng.choice(["", "+"])
        mentions.append(f"{rng.choice(words[task.key])} {plus}{rng.choice(numerals[count])}{unit}")
        expected.append(ParsedItem(task.key, count))
    separator = rng.choice([" ", "，", "、", "；", "\n", ", "])
    return rng.choice(["", "今天", "已完成"]) + separator.join(mentions), tuple(expected)


def test_generated_well_formed_reports_parse_to_exactly_what_was_written() -> None:
    rng = random.Random(20261112)
    for _ in range(300):
        text, expected = _random_message(rng)
        assert parse_report(text, TASKS) == expected, text


def test_any_accepted_result_has_positive_int_counts_and_distinct_tasks() -> None:
    # Mentions with good and bad counts, glued with random separators and sprinkled with junk:
    # every outcome must be either a specific refusal or a result that keeps the parser's promises.
    words = ["走访", "入户", "体检", "健康体检", "登记", "visit", "Checkup"]
    counts = ["5", "０", "十二", "两", "-3", "+4", "2.5", "三点五", "1e3", "五五十", "٥", "99999", "", "7 8"]
    junk = ["户", "人", "今天", "了", "累计", "abc", "点", "+", "."]
    rng = random.Random(7)
    accepted = 0
    refusals: list[str] = []
    for _ in range(2_000):
        parts = [rng.choice(words) + rng.choice(counts) for _ in range(rng.randint(1, 4))]
        if rng.random() < 0.3:
            parts.insert(rng.randint(0, len(parts)), rng.choice(junk))
        text = rng.choice([" ", "，", "、", ""]).join(parts)
        try:
            items = parse_report(text, TASKS)
        except ReportParseError as error:
            refusals.append(error.key)
            continue
        accepted += 1
        assert items, text
        assert all(type(item.count) is int and 0 < item.count <= 10_000 for item in items), text
        assert len({item.task for item in items}) == len(items), text
    assert accepted > 100  # the mix must exercise the accepting path too
    assert refusals  # … and the refusing one, each refusal a catalogue key of the parser
    assert all(key.startswith("parser.") for key in refusals)


def test_every_parser_key_exists_in_both_catalogues_and_renders_with_the_params_passed() -> None:
    raised = [refusal(text) for text, _ in REFUSED]
    raised.append(refusal("走访5", CLASH))
    assert {error.reason for error in raised} == set(Reason)
    rendered = [(error.key, error.params) for error in raised] + [("parser.not_positive", {"count": 0})]
    for key, params in rendered:
        for lang in ("zh", "en"):
            assert key in CATALOGUES[lang], (lang, key)
            text = t(lang, key, **params)
            assert "{" not in text
            assert text != key
            assert params.get("example", "") in text


@pytest.mark.parametrize(("text", "count"), [("40", 40), ("４０", 40), ("四十", 40), (" 7 ", 7)])
def test_a_count_typed_alone_is_read_like_a_count_in_a_report(text: str, count: int) -> None:
    assert parser.parse_count(text, example="/assign ql visit 40") == count


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("٥", Reason.FOREIGN_DIGIT),
        ("①", Reason.FOREIGN_DIGIT),
        ("-5", Reason.NEGATIVE),
        ("5.5", Reason.FRACTIONAL),
        ("1e9", Reason.ABSURD),
        ("20000", Reason.ABSURD),
        ("abc", Reason.BAD_NUMBER),
        ("5x", Reason.BAD_NUMBER),
        ("", Reason.BAD_NUMBER),
        ("0", Reason.ZERO),
    ],
)
def test_a_count_typed_alone_refuses_what_a_report_refuses(text: str, reason: Reason) -> None:
    with pytest.raises(ReportParseError) as refused:
        parser.parse_count(text, example="/assign ql visit 40")
    assert refused.value.reason is reason
    assert t("zh", refused.value.key, **refused.value.params)  # renders with the params it carries


def test_a_count_typed_alone_may_allow_zero_and_a_larger_limit() -> None:
    assert parser.parse_count("0", example="", allow_zero=True) == 0
    assert parser.parse_count("150000", example="", limit=1_000_000) == 150_000
