"""The /verify list: how a pending report is named on its button."""

from __future__ import annotations


def pending_label(member: str, task: str, count: int) -> str:
    """王芳 · 入户走访 +5 — plain text (a button's label is not HTML), so nothing is escaped."""
    return f"{member} · {task} +{count}"
