"""Every long-lived service, built once in post_init from one open Database."""

from __future__ import annotations

from dataclasses import dataclass

from bot.services.acks import AckService
from bot.services.bulletins import BulletinService
from bot.services.clock import Clock
from bot.services.directory import Directory
from bot.services.invites import InviteService
from bot.services.leader import LeaderService
from bot.services.plans import PlanService
from bot.services.progress import ProgressService
from bot.services.reporting import ReportService
from bot.services.sharing import SharingService
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

    @classmethod
    def build(cls, settings: Settings, db: Database, clock: Clock) -> Services:
        progress = ProgressService(db, clock)
        leader = LeaderService(db, clock, progress)
        invites = InviteService(db, clock)
        directory = Directory(db, clock, settings.admin_user_ids, settings.default_language)
        sharing = SharingService(db, clock, leader, invites)
        return cls(
            settings=settings,
            db=db,
            clock=clock,
            directory=directory,
            plans=PlanService(db, clock),
            invites=invites,
            reports=ReportService(db, clock, directory=directory, sharing=sharing),
            acks=AckService(db, clock),
            progress=progress,
            leader=leader,
            bulletins=BulletinService(db, clock, progress),
            sharing=sharing,
        )
