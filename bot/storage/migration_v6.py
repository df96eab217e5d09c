"""Migration v6: the day the work was done, when the member named it. Append only, like every migration: never edit
once shipped.

The day the work was done, when the member named it (`昨天走访5户`, SPEC §3.2): the campaign's local
date as 'YYYY-MM-DD'; NULL means the day the entry was recorded. A correction carries the date of the
entry it corrects, so a daily sheet nets out. A stored question now says what it asks: a count above
max_per_report (large, the only kind before), a misspelt task word (typo) or a running total whose
difference would be recorded (total), and the day its answer records the work under.
"""

from __future__ import annotations

V6_WORK_DATE = """
ALTER TABLE reports ADD COLUMN work_date TEXT;
ALTER TABLE confirmations ADD COLUMN kind TEXT NOT NULL DEFAULT 'large' CHECK (kind IN ('large', 'typo', 'total'));
ALTER TABLE confirmations ADD COLUMN work_date TEXT
"""
