"""Entry points: plan file bytes → PlanDoc or every problem (SPEC §4, used by chat upload and CLI)."""

from __future__ import annotations

from pathlib import PurePath

from openpyxl import Workbook

from bot.plans.limits import MAX_FILE_BYTES, megabytes
from bot.plans.problems import Ctx, table_locate
from bot.plans.types import SPEC_DEFAULTS, PlanDefaults, PlanDoc, PlanInvalid, Problem
from bot.plans.validate import validate
from bot.plans.xlsx_guard import inspect_workbook
from bot.plans.xlsx_source import open_workbook, read_workbook, workbook_kind
from bot.plans.yaml_source import decode_text, read_yaml

_YAML_SUFFIXES = {".yaml", ".yml"}


Result = tuple[PlanDoc | None, list[Problem]]


def check_workbook(workbook: Workbook, name: str, defaults: PlanDefaults = SPEC_DEFAULTS) -> Result:
    """Validate an opened workbook (the XLSX path after the bytes were read)."""
    source = read_workbook(workbook, name)
    if not source.doc:
        return None, source.problems
    return _checked(Ctx(table_locate(source.places, name), source.silenced), source.doc, defaults, source.problems)


def check_document(
    document: object, extra: list[Problem] | None = None, defaults: PlanDefaults = SPEC_DEFAULTS
) -> Result:
    """Validate a parsed YAML document; `extra` are problems the parser already found."""
    return _checked(Ctx(), document, defaults, extra or [])


def _checked(ctx: Ctx, document: object, defaults: PlanDefaults, earlier: list[Problem]) -> Result:
    plan = validate(ctx, document, defaults)
    problems = earlier + ctx.problems
    return (plan if not problems else None), problems


def check_plan(data: bytes, filename: str, defaults: PlanDefaults = SPEC_DEFAULTS) -> Result:
    """Validate a plan file; (plan, []) when it is good, (None, every problem) otherwise. `defaults`
    fill in what the plan leaves out (the bot's TIMEZONE and REMINDER_TIME settings)."""
    name = PurePath(filename).name or "plan"
    suffix = PurePath(name).suffix.lower()
    if not data.strip():
        return None, [Problem(name, "plan.empty_file")]
    if len(data) > MAX_FILE_BYTES:
        return None, [Problem(name, "plan.file_too_large", {"limit": megabytes(MAX_FILE_BYTES)})]
    if (kind := workbook_kind(data, suffix)) == "xls":
        return None, [Problem(name, "plan.old_xls")]
    if kind == "xlsx":
        if refused := inspect_workbook(data, name):
            return None, refused
        if (workbook := open_workbook(data)) is None:
            return None, [Problem(name, "plan.not_a_workbook")]
        return check_workbook(workbook, name, defaults)
    text = None if b"\x00" in data[:4096] else decode_text(data)  # NUL: a binary file, whatever it decodes as
    if text is not None and suffix in {*_YAML_SUFFIXES, "", ".txt"}:
        doc, problems = read_yaml(text, name)
        # No telling extension: treat it as YAML only if it looks like a plan mapping.
        if suffix in _YAML_SUFFIXES or (isinstance(doc, dict) and "campaign" in doc):
            if problems and doc is None:
                return None, problems
            return check_document(doc, problems, defaults)
    return None, [Problem(name, "plan.unknown_format")]


def load_plan(data: bytes, filename: str, defaults: PlanDefaults = SPEC_DEFAULTS) -> PlanDoc:
    """The validated plan, or PlanInvalid carrying every problem found."""
    plan, problems = check_plan(data, filename, defaults)
    if plan is None:
        raise PlanInvalid(problems or [Problem(filename, "plan.unknown_format")])
    return plan
