"""Join codes (SPEC §4): random, ≥ 8 characters from an unambiguous alphabet, single use,
expiring, with brute force limited per Telegram user."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from bot.domain.errors import DomainError
from bot.domain.tree import OrgTree
from bot.services.audit_trail import audit_action
from bot.services.clock import Clock
from bot.services.directory import Actor
from bot.storage.audit import AuditRepo
from bot.storage.db import Database
from bot.storage.joincodes import JoinCodeRepo
from bot.storage.org import MemberRecord, MemberRepo, UnitRepo

# No 0/O, 1/I/L, 5/S, 2/Z, 8/B: codes are read aloud and typed on phones.
ALPHABET = "34679ACDEFGHJKMNPQRTUVWXY"
CODE_LENGTH = 10
CODE_TTL = timedelta(days=14)
MAX_FAILURES_PER_HOUR = 5


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(text: str) -> str:
    return "".join(ch for ch in text.upper() if ch.isalnum())


@dataclass(frozen=True, slots=True)
class Invite:
    member: MemberRecord
    unit_name: str
    code: str
    deep_link: str


class InviteService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock

    async def invites(
        self,
        campaign_id: int,
        unit_codes: set[str] | None,
        bot_username: str,
        *,
        requested_by: Actor | None = None,
        member_keys: set[str] | None = None,
    ) -> list[Invite]:
        """One valid code per not-yet-joined member in scope (`unit_codes`, `member_keys`), reusing an unexpired one.
        `requested_by`: a leader's /invite; handing out join codes is audited (the codes are not)."""
        now = self.clock()
        result: list[Invite] = []
        async with self.db.transaction() as conn:
            units = {u.code: u.name for u in await UnitRepo(conn).for_campaign(campaign_id)}
            codes = JoinCodeRepo(conn)
            for record in await MemberRepo(conn).for_campaign(campaign_id):
                m = record.member
                if m.telegram_user_id is not None or (unit_codes is not None and m.unit_code not in unit_codes):
                    continue
                if member_keys is not None and m.key not in member_keys:
                    continue
                existing = await codes.valid_for_member(record.id, now)
                code = existing.code if existing else new_code()
                if existing is None:
                    await codes.add(code, record.id, now, CODE_TTL)
                link = f"https://t.me/{bot_username}?start={code}"
                result.append(Invite(record, units.get(m.unit_code, m.unit_code), code, link))
            if requested_by is not None:
                await audit_action(
                    conn, "invite_list", now, requested_by, campaign_id, members=[i.member.id for i in result]
                )
        return result

    async def subtree(self, campaign_id: int, unit_code: str) -> set[str]:
        """The unit and every unit below it in the campaign; empty when the campaign lacks it."""
        tree = OrgTree.build(await UnitRepo(self.db.reader).for_campaign(campaign_id), [])
        return set(tree.subtree_unit_codes(unit_code)) if tree.has_unit(unit_code) else set()

    async def redeem(self, raw_code: str, telegram_user_id: int) -> MemberRecord:
        """Bind the Telegram account to the roster entry. Raises DomainError with a reason key."""
        now = self.clock()
        code = normalize_code(raw_code)
        async with self.db.transaction() as conn:
            codes = JoinCodeRepo(conn)
            members = MemberRepo(conn)
            if await codes.failures_since(telegram_user_id, now - timedelta(hours=1)) >= MAX_FAILURES_PER_HOUR:
                raise DomainError("join.too_many_attempts")
            already = await members.by_user(telegram_user_id)
            join = await codes.get(code) if code else None
            reason = None
            if join is None:
                reason = "join.code_unknown"
            elif join.used_at is not None:
                reason = "join.code_used"
            elif join.expires_at <= now:
                reason = "join.code_expired"
            if reason is not None:
                await codes.record_failure(telegram_user_id, now)
                # The failure must be committed even though we refuse; so no raise inside the transaction.
            else:
                assert join is not None
                target = await members.get(join.member_id)
                assert target is not None
                if already is not None and already.id != target.id:
                    raise DomainError("join.already_member", name=already.member.name)
                if target.member.telegram_user_id not in (None, telegram_user_id):
                    reason = "join.code_used"
                else:
                    await codes.mark_used(code, telegram_user_id, now)
                    await members.bind_user(target.id, telegram_user_id, int(now.timestamp()))
                    await AuditRepo(conn).record("member_join", now, member_id=target.id, user_id=telegram_user_id)
        if reason is not None:
            raise DomainError(reason)
        bound = await MemberRepo(self.db.reader).get(join.member_id)  # type: ignore[union-attr]
        assert bound is not None
        return bound
