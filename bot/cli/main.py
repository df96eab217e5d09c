"""`campaign-bot` console script (SPEC §6). Settings are built here, once, and fail fast."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence
from pathlib import Path

from bot.logging_setup import RedactingFilter, configure_logging
from bot.services.lifecycle import DatabaseUnavailable
from bot.settings import Settings, SettingsError, load_settings

__all__ = ["configure_logging", "main"]  # configure_logging: tests configure logging as `run` does


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="campaign-bot",
        description="Run time-boxed work campaigns by chat: quotas, reports, reminders, bulletins.",
    )
    p.add_argument("--lang", choices=("zh", "en"), help="language of command output (default: DEFAULT_LANGUAGE)")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    sub.add_parser(
        "run",
        help="run the bot (polling; a webhook when WEBHOOK_URL is set)",
        description="Run the bot. Needs BOT_TOKEN. Uses a webhook when WEBHOOK_URL is set.",
    )
    plan = sub.add_parser(
        "plan",
        help="check or import a plan file (.yaml or .xlsx)",
        description="Validate or import a campaign plan (.yaml or .xlsx).",
    )
    plan_sub = plan.add_subparsers(dest="plan_command", required=True, metavar="ACTION")
    check = plan_sub.add_parser("check", help="validate a plan file and list every problem")
    check.add_argument("file", type=Path)
    imp = plan_sub.add_parser("import", help="validate and import a plan file (all or nothing)")
    imp.add_argument("file", type=Path)
    inv = sub.add_parser(
        "invites",
        help="join codes and deep links for members who have not joined",
        description="One line per not-yet-joined member: unit, name, code, deep link.",
    )
    inv.add_argument("--unit", help="only members in the subtree of this unit code")
    inv.add_argument("--campaign", help="campaign key (default: every campaign)")
    exp = sub.add_parser(
        "export",
        help="write the campaign workbook (.xlsx)",
        description="Export summary, units, members, milestones and ledger to .xlsx.",
    )
    exp.add_argument("campaign", help="the campaign's key, e.g. winter-service-2026")
    exp.add_argument("-o", "--output", type=Path, required=True, help="output .xlsx file")
    cancel = sub.add_parser(
        "cancel",
        help="cancel a campaign: no more reminders, digests or bulletins; reports refused",
        description="Cancel a campaign. The scheduler stops at its next tick (a running bot "
        "needs no restart); the campaign's data stays for export. Recorded in the audit log.",
    )
    cancel.add_argument("campaign", help="the campaign's key, e.g. winter-service-2026")
    rec = sub.add_parser(
        "reconcile",
        help="compare checked counts (核查, a CSV or XLSX) with the reported counts",
        description="Read a reconciliation file (unit or member, task, checked count, source, as-of date), "
        "compare each row with what was reported in the same scope up to the as-of date, store it (numbers "
        "only) and print the discrepancies beyond tolerance. Runs as the operator; exits 1 on any problem, "
        "and then stores nothing.",
    )
    rec.add_argument("campaign", help="the campaign's key, e.g. winter-service-2026")
    rec.add_argument("file", type=Path, help="the .csv or .xlsx file")
    demo = sub.add_parser(
        "demo",
        help="play a whole campaign offline against the local Bot API emulator",
        description="Offline demo: no token, no network. Prints the conversation, "
        "writes the bulletin PNG and the export.",
    )
    demo.add_argument("--out", type=Path, default=Path("demo-out"), help="folder for the PNG, xlsx and database")
    demo.add_argument("--quiet", action="store_true", help="print only the summary")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = load_settings()
    except SettingsError as exc:
        print(f"campaign-bot: setting error: {exc}", file=sys.stderr)
        return 2
    # One-shot commands print their own results; INFO chatter (migrations) would drown them.
    quiet = args.command != "run" and settings.log_level == "INFO"
    configure_logging("WARNING" if quiet else settings.log_level, _secrets(settings))
    lang = args.lang or settings.default_language
    try:
        return asyncio.run(_dispatch(args, settings, lang)) if args.command != "run" else _run(settings)
    except DatabaseUnavailable as exc:
        print(f"campaign-bot: {exc}", file=sys.stderr)
        return 2


def _secrets(settings: Settings) -> list[str]:
    """What the log filter scrubs: every setting whose value would let someone act as the bot."""
    return [s.get_secret_value() for s in (settings.bot_token, settings.webhook_secret) if s is not None]


def _run(settings: Settings) -> int:
    from telegram.error import BadRequest, InvalidToken, NetworkError

    from bot.chat.app import run_bot
    from bot.services.lifecycle import AlreadyRunning, single_instance

    try:
        settings.require_token()
        # The lock first: a second instance must not even open the file (through a hard link it
        # would use a WAL of its own). Then the database, before the network: a bad DATABASE_PATH
        # (or a file written by a newer bot) is one line naming it, not a traceback (SPEC §7).
        with single_instance(settings.database_path):
            asyncio.run(_check_database(settings))
            return run_bot(settings)
    except SettingsError as exc:
        print(f"campaign-bot: setting error: {exc}", file=sys.stderr)
        return 2
    except AlreadyRunning as exc:
        print(f"campaign-bot: {exc}", file=sys.stderr)
        return 3
    except InvalidToken:
        # PTB's message quotes the token; never print it. The server answers 401 or 404, and a 404
        # can also mean a wrong BOT_API_BASE_URL path, so the line names the URL that answered.
        print(
            f"campaign-bot: setting error: BOT_TOKEN: rejected by the Bot API at {settings.bot_api_base_url} "
            "(check the token with @BotFather)",
            file=sys.stderr,
        )
        return 2
    except BadRequest:
        raise  # a NetworkError subclass in PTB, but the server was reached: a bug, keep the traceback
    except NetworkError as exc:
        # Exit rather than retry: the service manager (systemd Restart=on-failure) owns retrying,
        # and a typo in BOT_API_BASE_URL should be seen at once, not hidden behind a retry loop.
        reason = RedactingFilter(_secrets(settings)).redact(exc.message)
        print(
            f"campaign-bot: setting error: BOT_API_BASE_URL: cannot reach {settings.bot_api_base_url}: {reason}",
            file=sys.stderr,
        )
        return 2


async def _check_database(settings: Settings) -> None:
    from bot.services.container import open_services

    # migrate=False: migrations run in the bot's own start-up, under the instance lock.
    services = await open_services(settings, migrate=False)
    await services.close()


async def _dispatch(args: argparse.Namespace, settings: Settings, lang: str) -> int:
    from bot.cli import commands as cmd

    if args.command == "plan":
        if args.plan_command == "check":
            return await cmd.plan_check(settings, args.file, lang)
        return await cmd.plan_import(settings, args.file, lang)
    if args.command == "invites":
        return await cmd.invites(settings, args.unit, args.campaign, lang)
    if args.command == "export":
        return await cmd.export(settings, args.campaign, args.output, lang)
    if args.command == "cancel":
        return await cmd.cancel(settings, args.campaign, lang)
    if args.command == "reconcile":
        return await cmd.reconcile(settings, args.campaign, args.file, lang)
    if args.command == "demo":
        from bot.cli.demo import run_demo

        return await run_demo(args.out, lang, quiet=args.quiet)
    raise AssertionError(args.command)


if __name__ == "__main__":
    sys.exit(main())
