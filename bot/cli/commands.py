"""The CLI's sub-commands: the same services the chat handlers use, printed for a terminal.

The services are imported when a command needs them: `plan check` opens no database and should not
wait for the chart and workbook libraries to load."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from bot.domain.errors import DomainError
from bot.plans import PlanDefaults, PlanDoc
from bot.plans.isolated import check_plan_isolated
from bot.plans.limits import MAX_FILE_BYTES
from bot.settings import Settings
from bot.texts import t

if TYPE_CHECKING:
    from bot.services.container import Services


async def _open(settings: Settings) -> Services:
    from bot.services.container import open_services

    return await open_services(settings)


def _read(path: Path, lang: str) -> bytes | None:
    try:
        with path.open("rb") as file:
            return file.read(MAX_FILE_BYTES + 1)  # one byte more is enough to refuse it as too large
    except OSError as exc:
        print(t(lang, "cli.cannot_read", path=str(path), reason=exc.strerror or str(exc)), file=sys.stderr)
        return None


async def _checked(data: bytes, path: Path, lang: str, settings: Settings) -> PlanDoc | None:
    """The validated plan, or None after printing why (every problem, with its location)."""
    plan, problems = await check_plan_isolated(data, path.name, defaults=PlanDefaults.of(settings))
    if problems or plan is None:
        print(t(lang, "cli.plan_invalid", path=str(path), count=len(problems)))
        for problem in problems:
            print("  - " + problem.render(lang))
        return None
    if plan.warnings:  # worth a look, but no reason to refuse the plan (nor to exit non-zero)
        print(t(lang, "cli.plan_warnings"))
        for warning in plan.warnings:
            print("  ! " + warning.render(lang))
    return plan


async def plan_check(settings: Settings, path: Path, lang: str) -> int:
    data = _read(path, lang)
    if data is None:
        return 2
    plan = await _checked(data, path, lang, settings)
    if plan is None:
        return 1
    print(
        t(
            lang,
            "cli.plan_ok",
            path=str(path),
            campaign=plan.campaign.name,
            key=plan.campaign.key,
            units=len(plan.units),
            members=len(plan.members),
            quotas=len(plan.quotas),
        )
    )
    return 0


async def plan_import(settings: Settings, path: Path, lang: str) -> int:
    data = _read(path, lang)
    if data is None:
        return 2
    plan = await _checked(data, path, lang, settings)
    if plan is None:
        print(t(lang, "cli.nothing_imported"))
        return 1
    services = await _open(settings)
    try:
        summary = await services.plans.import_plan(plan)
    finally:
        await services.close()
    key = "cli.plan_imported" if summary.created else "cli.plan_updated"
    print(
        t(
            lang,
            key,
            key_=summary.campaign_key,
            units=summary.units,
            members=summary.members,
            quotas=summary.quotas,
            removed=summary.removed_members,
            db=str(settings.database_path),
        )
    )
    return 0


async def invites(settings: Settings, unit: str | None, campaign_key: str | None, lang: str) -> int:
    services = await _open(settings)
    try:
        campaigns = await services.directory.all_campaigns()
        if campaign_key is not None:
            campaigns = [c for c in campaigns if c.key == campaign_key]
            if not campaigns:
                print(t(lang, "cli.unknown_campaign", key=campaign_key), file=sys.stderr)
                return 1
        service = services.invites
        seen: set[int] = set()
        for record in campaigns:
            scope = await service.subtree(record.id, unit) if unit else None  # the operator sees every unit
            if scope is not None and not scope:
                print(t(lang, "cli.unknown_unit", code=unit), file=sys.stderr)
                return 1
            for inv in await service.invites(record.id, scope, settings.bot_username):
                if inv.member.id in seen:
                    continue
                seen.add(inv.member.id)
                print(
                    "\t".join(
                        (
                            inv.member.member.unit_code,
                            inv.unit_name,
                            inv.member.member.name,
                            inv.code,
                            inv.deep_link,
                        )
                    )
                )
        if not seen:
            print(t(lang, "cli.no_invites"), file=sys.stderr)
    finally:
        await services.close()
    return 0


async def cancel(settings: Settings, campaign_key: str, lang: str) -> int:
    """Cancelling is the whole of "stop this campaign": the scheduler derives its events from the
    database on every tick (scheduler/planner.py), so a cancelled campaign simply has none.
    The CLI runs as the operator, who may cancel any campaign (bot/services/plans.py)."""
    services = await _open(settings)
    try:
        record, done = await services.plans.cancel(campaign_key)
    except DomainError:
        print(t(lang, "cli.unknown_campaign", key=campaign_key), file=sys.stderr)
        return 1
    finally:
        await services.close()
    key = "cli.campaign_already_cancelled" if done else "cli.campaign_cancelled"
    print(t(lang, key, name=record.campaign.name, key=campaign_key))
    return 0


async def export(settings: Settings, campaign_key: str, output: Path, lang: str) -> int:
    services = await _open(settings)
    try:
        record = await services.directory.campaign(campaign_key)
        if record is None:
            print(t(lang, "cli.unknown_campaign", key=campaign_key), file=sys.stderr)
            return 1
        data = await services.export.workbook(record, lang)
    finally:
        await services.close()
    try:
        await asyncio.to_thread(_write, output, data)
    except OSError as exc:
        print(t(lang, "cli.cannot_write", path=str(output), reason=exc.strerror or str(exc)), file=sys.stderr)
        return 1
    print(t(lang, "cli.exported", path=str(output), key=campaign_key))
    return 0


async def reconcile(settings: Settings, campaign_key: str, path: Path, lang: str) -> int:
    """核查 as the operator (issue 11 §4): every problem, or the discrepancies beyond tolerance. Nobody is
    told from here: the leaders see the checked counts in /progress and the export."""
    from bot.plans.isolated import read_reconcile_isolated
    from bot.views.reconcile import plain, problem_texts, result_texts

    data = _read(path, lang)
    if data is None:
        return 2
    rows, problems = await read_reconcile_isolated(data, path.name)
    services = await _open(settings)
    try:
        record = await services.directory.campaign(campaign_key)
        if record is None:
            print(t(lang, "cli.unknown_campaign", key=campaign_key), file=sys.stderr)
            return 1
        outcome = await services.reconcile.reconcile(None, record, rows, read_problems=problems)
    finally:
        await services.close()
    if outcome.problems or outcome.stored is None:
        print(plain(problem_texts(lang, outcome.problems)))
        return 1
    stored = outcome.stored
    texts = result_texts(lang, record.campaign, stored.source, stored.as_of, len(outcome.lines),
                         outcome.discrepancies, outcome.names)  # fmt: skip
    print(plain(texts))
    return 0


def _write(output: Path, data: bytes) -> None:
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(data)
