"""The plan schema is pydantic's; its words are ours. Every error a plan can raise — pydantic's own
types and the schema's custom ones — is a catalogue key in both languages, so a Chinese leader never
reads pydantic's English message, and its location is the YAML path of the offending value."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

import pytest
from pydantic import BaseModel, ValidationError

from bot.plans import check_plan
from bot.plans.problems import ERROR_KEYS, FIELD_KEYS, catalogued
from bot.plans.schema import Head, MemberEntry, Task
from bot.texts import en, zh

SCHEMA = Path(__file__).parents[2] / "bot" / "plans" / "values.py"
OWN_TYPES = set(re.findall(r'fail\("([a-z_]+)"', SCHEMA.read_text(encoding="utf-8")))


@pytest.mark.parametrize("key", sorted(set(ERROR_KEYS.values()) | set(FIELD_KEYS.values()) | OWN_TYPES))
def test_every_error_type_has_a_sentence_in_both_catalogues(key: str) -> None:
    assert f"plan.{key}" in zh.TEXTS
    assert f"plan.{key}" in en.TEXTS


def _errors(model: type[BaseModel], raw: Mapping[str, object]) -> list[tuple[str, str, dict[str, object]]]:
    with pytest.raises(ValidationError) as raised:
        model.model_validate(raw, context={"timezone": "Asia/Shanghai"})
    return [catalogued(e, "tasks[2]") for e in raised.value.errors()]


def test_pydantic_error_types_become_catalogue_keys_at_the_yaml_path() -> None:
    found = _errors(Task, {"key": "走访", "unit": "户", "max_per_report": 0, "colour": "red"})
    assert [(path, key) for path, key, _ in found] == [
        ("tasks[2].key", "plan.bad_key"),  # string_pattern_mismatch
        ("tasks[2].name", "plan.missing"),  # missing
        ("tasks[2].max_per_report", "plan.max_per_report_too_small"),  # greater_than_equal, worded per field
        ("tasks[2].colour", "plan.unknown_field"),  # extra_forbidden
    ]
    assert found[1][2]["field"] == "name"
    assert found[3][2]["field"] == "colour"


def test_choices_are_listed_from_the_schema_and_custom_types_keep_their_parameters() -> None:
    member = {"name": "张三", "unit": "u", "role": "boss", "language": "fr", "code": "x" * 40}
    found = {key: params for _, key, params in _errors(MemberEntry, member)}
    assert found["plan.bad_choice"]["choices"] == "zh | en"  # literal_error
    assert found["plan.bad_role"]["value"] == "boss"  # enum, worded for roles
    assert found["plan.too_long"]["limit"] == 32  # string_too_long
    raw_head = {"key": "k", "name": "n", "start": "2026-13-01 08:00", "end": "2027-01-05 18:00", "bulletin": "25:00"}
    head = {key: params for _, key, params in _errors(Head, raw_head)}
    assert head["plan.bad_date"] == {"field": "start", "value": "2026-13-01 08:00"}
    assert head["plan.bad_time"]["value"] == "25:00"


def test_a_chinese_leader_reads_chinese_for_every_pydantic_error() -> None:
    text = (
        "campaign: {key: k, name: n, start: 2026-11-12T08:00, end: 2026-12-31T18:00, verification: maybe, x: 1}\n"
        "tasks: [{key: visit, name: 走访, unit: 户, max_per_report: 0}]\n"
        "units: [{code: town, name: 镇, level: town}]\n"
        "members: [{name: 张三, unit: town, role: cadre, language: fr, weight: -1}, 5]\n"
        "milestones: [{percent: 101, due: 2026-12-01T08:00}]\n"
    )
    _, problems = check_plan(text.encode(), "plan.yaml")
    assert {(p.key, p.location) for p in problems} == {
        ("plan.bad_choice", "campaign.verification"),
        ("plan.unknown_field", "campaign.x"),
        ("plan.max_per_report_too_small", "tasks[0].max_per_report"),
        ("plan.bad_choice", "members[0].language"),
        ("plan.negative", "members[0].weight"),
        ("plan.not_a_mapping", "members[1]"),
        ("plan.percent_out_of_range", "milestones[0].percent"),
    }
    for problem in problems:
        zh_text = problem.render("zh")
        assert re.search(r"[\u4e00-\u9fff]", zh_text.split(": ", 1)[1]), zh_text
        assert "Input should" not in zh_text
        assert "Input should" not in problem.render("en")
