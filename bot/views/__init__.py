"""Views: every text a user sees, composed from domain values and the catalogue (bot/texts).

Handlers and the scheduler call these and format no number, date or list themselves; the views
depend on domain values (and small dataclasses of their own), never on storage, services or
Telegram — both enforced by tests/unit/test_views_only.py.

names     display names; lists joined with the language's separator
numbers   percentages, points, signed counts
dates     due dates and timestamps, in the campaign's time zone
acks      the acknowledgement of a report; a report's items on one line
standing  /me, /progress, /laggards and the task lines they share
bulletins the progress bulletin (the service decides who is ranked, praised, warned)
notices   the scheduler's reminders, digests and missed lists
final     after the deadline: /me and /progress with final results, the final summary bulletin
nudges    the evening nudge
verify    the /verify button label
sizing    Telegram's message limits: splitting long lists, alert texts
lookup    names, not codes: /units, /tasks, the report examples of the running campaign, language names
proxy     a report entered by a leader for a cadre (/report_for): the leader's reply, the cadre's notice
"""
