"""Every long-lived service, built once from one open Database; the one way in for the chat
adapter's composition root (bot/chat/app.py) and the command line (bot/cli)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.services.acks import AckService
from bot.services.audience import Audience
from bot.services.bulletins import BulletinService
from bot.services.checkpoints import CheckpointService
from bot.services.clock import Clock, system_clock
from bot.services.directory import Directory
from bot.services.export import ExportService
from bot.services.forecast import ForecastService
from bot.services.integrity import IntegrityService
from bot.services.invites import InviteService
from bot.services.laggards import LaggardService
from bot.services.leader import LeaderService
from bot.services.leave import LeaveService
from bot.services.notifications import NotificationService
from bot.services.nudges import NudgeService
from bot.services.plans import PlanService
from bot.services.progress import ProgressService
from bot.services.proxy import ProxyService
from bot.services.reconcile import ReconcileService
from bot.services.reporting import ReportService
from bot.services.resplit import ResplitService
from bot.services.senders import Senders
from bot.services.sharing import SharingService
from bot.services.warnings import WarningService
from bot.settings import Settings
from bot.storage.db import Database


@dataclass
class Services:
    settings: Settings
    db: Database
    clock: Clock
    directory: Directory
    plans: PlanService
    invites: InviteService
    reports: ReportService
    acks: AckService
    progress: ProgressService
    leader: LeaderService
    bulletins: BulletinService
    sharing: SharingService
    export: ExportService
    notifications: NotificationService
    audience: Audience
    checkpoints: CheckpointService
    laggards: LaggardService
    nudges: NudgeService
    proxy: ProxyService
    warnings: WarningService
    leave: LeaveService
    resplit: ResplitService
    reconcile: ReconcileService
    forecast: ForecastService
    integrity: IntegrityService
    # Typed reports' senders kept between reports, checked against the roster version at each write
    # (bot/services/senders.py): one per process, beside the database it is checked against.
    senders: Senders

    @classmethod
    def build(cls, settings: Settings, db: Database, clock: Clock) -> Services:
        progress = ProgressService(db, clock)
        leader = LeaderService(db, clock, progress)
        invites = InviteService(db, clock)
        export = ExportService(db, clock, progress)
        directory = Directory(db, clock, settings.admin_user_ids, settings.default_language)
        sharing = SharingService(db, clock, leader, invites, export)
        senders = Senders()
        return cls(
            settings=settings,
            db=db,
            clock=clock,
            directory=directory,
            plans=PlanService(db, clock),
            invites=invites,
            reports=ReportService(db, clock, directory=directory, sharing=sharing, senders=senders),
            acks=AckService(db, clock),
            progress=progress,
            leader=leader,
            bulletins=BulletinService(db, clock, progress),
            sharing=sharing,
            export=export,
            notifications=NotificationService(db, clock),
            audience=Audience(db),
            checkpoints=CheckpointService(db, clock),
            laggards=LaggardService(db, clock, leader),
            nudges=NudgeService(db, clock, progress),
            proxy=ProxyService(db, clock, leader, progress),
            warnings=WarningService(db, clock),
            leave=LeaveService(db, clock, leader, progress),
            resplit=ResplitService(db, clock, progress),
            reconcile=ReconcileService(db, clock, progress),
            forecast=ForecastService(db, clock),
            integrity=IntegrityService(db, clock, leader),
            senders=senders,
        )

    async def close(self) -> None:
        await self.db.close()


async def open_services(settings: Settings, clock: Clock = system_clock, *, migrate: bool = True) -> Services:
    """Open the database at DATABASE_PATH (migrated unless `migrate` is False) and build every service
    on it. Raises DatabaseUnavailable (bot/services/lifecycle.py), one line naming the setting
    (SPEC §7). Close with `close()`."""
    return Services.build(settings, await Database.open(settings.database_path, migrate=migrate), clock)
