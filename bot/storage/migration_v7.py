"""Migration v7: a leader reports on behalf of a cadre without a phone. Append only, like every migration: never edit
once shipped.

A leader may report on behalf of a cadre without a phone (/report_for): the entry is the cadre's, and
who typed it is kept beside it for the ledger export and the audit (NULL: the member reported it).
"""

from __future__ import annotations

V7_PROXY_REPORTS = """
ALTER TABLE reports ADD COLUMN entered_by INTEGER REFERENCES members(id)
"""
