"""The chaos drill's record and evidence: what it sent, and what the emulator's log and the SQLite file
say after the run."""

from __future__ import annotations

import json
import sqlite3
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class DrillRecord:
    """What a drill run keeps: the emulator's control address, its files, what it sent and saw."""

    root: str
    db: Path
    log: Path
    members: int
    silent: int = 0  # cadres who never report: more reminder recipients for the fan-out
    sent: dict[tuple[int, int], int] = field(default_factory=dict)  # (chat, message) → count reported
    kills: int = 0
    fanout_kill_at: int = 0
    catch_up: float = 0.0  # seconds from the last report sent until every report was acknowledged

    def call(self, path: str, body: dict[str, Any] | None = None) -> Any:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(
            f"{self.root}/_control/{path}", data=data, headers={"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read())["result"]


def reminded(drill: DrillRecord) -> Counter[int]:
    return Counter(s["chat_id"] for s in drill.call("sent") if "节点还有" in (s["text"] or ""))


def acknowledged(drill: DrillRecord) -> set[tuple[int, int]]:
    sent = drill.call("sent")
    return {
        (s["chat_id"], s["reply_to"]) for s in sent if s["reply_to"] is not None and "入户走访" in (s["text"] or "")
    }


def verify(drill: DrillRecord) -> dict[str, Any]:
    acked = acknowledged(drill) & set(drill.sent)
    with sqlite3.connect(drill.db) as conn:
        rows = Counter((r[0], r[1]) for r in conn.execute("SELECT chat_id, message_id FROM reports"))
        total = conn.execute("SELECT COALESCE(SUM(delta), 0) FROM reports WHERE status != 'rejected'").fetchone()[0]
        uncertain = conn.execute("SELECT COUNT(*) FROM notifications WHERE state = 'uncertain'").fetchone()[0]
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
    reminders = reminded(drill)
    figures = {
        "reports sent": len(drill.sent),
        "kills": drill.kills,
        "acknowledged": len(acked),
        "in ledger": len(rows),
        "counted twice": sum(1 for v in rows.values() if v > 1),
        "acknowledged but missing": len(acked - set(rows)),
        "ledger total": total,
        "sum of acknowledged": sum(drill.sent[k] for k in acked),
        "cadres": drill.members + drill.silent,
        "killed mid-fan-out after": drill.fanout_kill_at,
        "cadres reminded": len(reminders),
        "reminded twice": sum(1 for v in reminders.values() if v > 1),
        "uncertain notifications": uncertain,
        "updates left unprocessed": len(drill.call("pending")),
        "catch-up after last report": f"{drill.catch_up:.1f} s",
        "integrity_check": integrity,
    }
    return figures


def check(figures: dict[str, Any]) -> list[str]:
    problems = []
    if figures["counted twice"] or figures["acknowledged but missing"]:
        problems.append("a report was lost or counted twice")
    if figures["acknowledged"] != figures["reports sent"]:
        problems.append("some reports were never acknowledged")
    if figures["ledger total"] != figures["sum of acknowledged"]:
        problems.append("ledger total differs from the acknowledged sum")
    if figures["reminded twice"] or figures["cadres reminded"] + figures["uncertain notifications"] < figures["cadres"]:
        problems.append("a reminder was sent twice or dropped")
    if figures["integrity_check"] != "ok":
        problems.append("database integrity check failed")
    return problems
