"""What a leader typed → the unit, member or task meant (bot/domain/lookup.py), as hand-computed tables."""

from __future__ import annotations

import pytest

from bot.domain.errors import NotFound
from bot.domain.lookup import (
    MAX_CHOICES,
    Ambiguous,
    fold,
    resolve_assignee,
    resolve_member,
    resolve_task,
    resolve_unit,
)
from bot.domain.model import Member, Role, TaskType, Unit

UNITS = [
    Unit("bydz", "白洋渡镇", "town"),
    Unit("ql", "七岭村", "village", "bydz"),
    Unit("dc", "东村", "village", "bydz"),
    Unit("xc", "西村", "village", "bydz"),
    Unit("QLJ", "青鹿居委会", "village", "bydz"),
]
BY_CODE = {u.code: u for u in UNITS}
MEMBERS = [
    Member("张三", "张三", "ql", Role.CADRE),
    Member("wf1", "王芳", "dc", Role.CADRE),
    Member("wf2", "王芳", "xc", Role.CADRE),
    Member("m9", "Li Si", "ql", Role.CADRE),
]
TASKS = [
    TaskType("visit", "入户走访", "户", ("走访", "家访", "visit")),
    TaskType("checkup", "健康体检", "人", ("体检", "checkup")),
    TaskType("Plant", "植树", "棵", ("种树",)),
]


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("ql", "ql"),  # exact code
        ("七岭村", "ql"),  # exact name
        ("QL", "ql"),  # code, any case
        ("ｑｌ", "ql"),  # full-width code
        ("qlj", "QLJ"),  # a code stored in capitals, typed in lower case
        (" 东村 ", "dc"),  # surrounding spaces
        ("白洋渡镇", "bydz"),
    ],
)
def test_a_unit_is_found_by_code_or_name_in_any_width_and_case(typed: str, code: str) -> None:
    assert resolve_unit(typed, UNITS).code == code


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("张三", "张三"),  # name (= key: no code in the plan)
        ("wf1", "wf1"),  # member code
        ("WF2", "wf2"),  # member code in capitals
        ("li si", "m9"),  # ASCII name, any case, spaces as typed
        ("Li  Si", "m9"),  # two spaces are one
        ("王芳（东村）", "wf1"),  # the typed form: full-width brackets
        ("王芳(西村)", "wf2"),  # half-width brackets
        ("王芳 (xc)", "wf2"),  # the unit by code, a space before the bracket
        ("王芳（ＤＣ）", "wf1"),  # full-width code inside
    ],
)
def test_a_member_is_found_by_key_name_or_name_with_unit(typed: str, key: str) -> None:
    assert resolve_member(typed, MEMBERS, BY_CODE).key == key


def test_two_members_of_one_name_are_a_choice_never_not_found() -> None:
    with pytest.raises(Ambiguous) as asked:
        resolve_member("王芳", MEMBERS, BY_CODE)
    assert asked.value.keys == ("wf1", "wf2")
    assert asked.value.params["choices"] == ("王芳（东村）", "王芳（西村）")


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("visit", "visit"),  # key
        ("入户走访", "visit"),  # display name
        ("走访", "visit"),  # alias
        ("家访", "visit"),  # another alias
        ("VISIT", "visit"),  # key, any case
        ("ｖｉｓｉｔ", "visit"),  # full-width
        ("体检", "checkup"),
        ("plant", "Plant"),  # a key stored in capitals
        ("种树", "Plant"),
    ],
)
def test_a_task_is_found_by_key_name_or_alias(typed: str, key: str) -> None:
    assert resolve_task(typed, TASKS).key == key


def test_an_unknown_task_lists_the_campaigns_tasks() -> None:
    with pytest.raises(NotFound) as missing:
        resolve_task("挖沟", TASKS)
    assert missing.value.key == "lookup.unknown_task"
    assert missing.value.params["choices"] == ("入户走访", "健康体检", "植树")
    assert missing.value.params["total"] == 3


def test_an_unknown_unit_lists_the_units_given_capped_with_the_total() -> None:
    many = [Unit(f"u{i}", f"第{i}村", "village") for i in range(13)]
    with pytest.raises(NotFound) as missing:
        resolve_unit("东一村", many)
    assert missing.value.key == "lookup.unknown_unit_more"
    assert missing.value.params["choices"] == tuple(f"第{i}村" for i in range(MAX_CHOICES))
    assert missing.value.params["total"] == 13
    with pytest.raises(NotFound) as few:
        resolve_unit("东一村", UNITS[:2])
    assert few.value.key == "lookup.unknown_unit"
    assert few.value.params["choices"] == ("白洋渡镇", "七岭村")


def test_an_assignee_is_a_unit_or_a_member() -> None:
    assert resolve_assignee("七岭村", UNITS, MEMBERS, BY_CODE).unit == BY_CODE["ql"]
    assert resolve_assignee("ql", UNITS, MEMBERS, BY_CODE).unit == BY_CODE["ql"]
    named = resolve_assignee("张三", UNITS, MEMBERS, BY_CODE)
    assert named.unit is None
    assert named.member == MEMBERS[0]
    with pytest.raises(NotFound) as missing:
        resolve_assignee("陈三", UNITS, MEMBERS[:1], BY_CODE)
    assert missing.value.key == "lookup.unknown_assignee"
    assert missing.value.params["choices"] == ("白洋渡镇", "七岭村", "东村", "西村", "青鹿居委会", "张三")


def test_a_word_naming_a_unit_and_a_member_is_a_choice() -> None:
    members = [Member("dc-lead", "东村", "bydz", Role.LEADER)]
    with pytest.raises(Ambiguous) as asked:
        resolve_assignee("东村", UNITS, members, BY_CODE)
    assert asked.value.keys == ("dc", "dc-lead")


@pytest.mark.parametrize(
    ("text", "folded"),
    [("ＡＢｃ１２", "abc12"), ("（东村）", "(东村)"), ("  a   b ", "a b"), ("七岭村", "七岭村")],
)
def test_fold_table(text: str, folded: str) -> None:
    assert fold(text) == folded


TWO_EAST_VILLAGES = [
    Unit("county", "县", "county"),
    Unit("t1", "南镇", "town", "county"),
    Unit("t2", "北镇", "town", "county"),
    Unit("e1", "东村", "village", "t1"),
    Unit("e2", "东村", "village", "t2"),
]


def test_two_units_of_one_name_are_a_choice_by_their_parent() -> None:
    with pytest.raises(Ambiguous) as asked:
        resolve_unit("东村", TWO_EAST_VILLAGES)
    assert asked.value.keys == ("e1", "e2")
    assert asked.value.params["choices"] == ("东村（南镇）", "东村（北镇）")


@pytest.mark.parametrize(
    ("typed", "code"),
    [("东村（北镇）", "e2"), ("东村(南镇)", "e1"), ("东村（t2）", "e2"), ("东村 (e1)", "e1"), ("e2", "e2")],
)
def test_the_typed_form_names_one_of_two_units(typed: str, code: str) -> None:
    assert resolve_unit(typed, TWO_EAST_VILLAGES).code == code
