"""The workbook layouts of a plan and of a 核查 file, shared by the readers (bot/plans/) and the writers
(bot/render/plan_workbook.py, reconcile_template.py) so they cannot drift apart.

Every sheet and column has a canonical English name (the YAML key) and Chinese aliases. A header
cell matches when its whole text or any word of it is a known name, so the template's bilingual
headers ("code 编码") and a leader's plain "编码" or "code" all work.
"""

from __future__ import annotations

import re

from pydantic import BaseModel

from bot.plans.schema import MemberEntry, MilestoneEntry, MinEach, QuotaRow, Task, UnitEntry

SHEETS: dict[str, tuple[str, ...]] = {
    "campaign": ("活动",),
    "tasks": ("任务", "任务类型"),
    "milestones": ("节点", "检查点", "时间节点"),
    "units": ("单位", "组织", "组织架构"),
    "members": ("人员", "名单", "花名册"),
    "quotas": ("指标", "任务指标"),
    "rules": ("规则",),
    "calendar": ("日历", "工作日历", "节假日"),
}
REQUIRED_SHEETS = ("campaign", "tasks", "units", "members")
README_SHEET = "说明 README"

# sheet → canonical column → (Chinese aliases); dict order is the template's column order.
COLUMNS: dict[str, dict[str, tuple[str, ...]]] = {
    "campaign": {"field": ("字段", "项目"), "value": ("值", "内容")},
    "tasks": {"key": ("编码", "代码", "任务编码"), "name": ("名称", "任务名称"), "unit": ("计量单位", "单位"),
              "aliases": ("别名",), "max_per_report": ("单次上限", "每次上限")},
    "milestones": {"percent": ("百分比", "进度"), "due": ("截止时间", "截止", "时间")},
    "units": {"code": ("编码", "代码"), "name": ("名称",), "level": ("层级", "级别"), "parent": ("上级", "上级编码")},
    "members": {"name": ("姓名", "名字"), "unit": ("单位", "所属单位"), "role": ("角色",), "code": ("编码", "工号"),
                "language": ("语言",), "weight": ("权重",)},
    "quotas": {"assignee": ("对象", "分配对象", "单位或人员")},
    "rules": {"level": ("层级",), "task": ("任务",), "count": ("数量", "最少"), "by": ("节点", "截至")},
    "calendar": {"date": ("日期",), "kind": ("类型",)},
}  # fmt: skip
# The kinds of a calendar row: a date off, a date that works (调休), or the weekend's days (in the date
# cell, e.g. "sat、sun" or "周六、周日"). A bare "调休" is refused: people use it for both. The template
# writes the first two names ("holiday 休息").
CALENDAR_KINDS: dict[str, tuple[str, ...]] = {
    "holidays": ("holiday", "休息", "节假日", "假日", "放假"),
    "workdays": ("workday", "上班", "调休上班", "补班", "工作日"),
    "weekend": ("weekend", "周末"),
}
# A sheet's required columns are its entry's required fields (a rule row is the body of `min_each`).
_ENTRIES: dict[str, type[BaseModel]] = {"tasks": Task, "milestones": MilestoneEntry, "units": UnitEntry,
                                        "members": MemberEntry, "quotas": QuotaRow, "rules": MinEach}  # fmt: skip
REQUIRED_COLUMNS = {"campaign": ("field", "value"), "calendar": ("date", "kind")} | {
    sheet: tuple(name for name, info in entry.model_fields.items() if info.is_required())
    for sheet, entry in _ENTRIES.items()
}
NOTE_NAMES = ("notes", "note", "说明", "备注")  # a free comment column, ignored on every sheet

# Rows of the `campaign` sheet. `reminders` is a mapping in YAML, two rows here.
CAMPAIGN_FIELDS: dict[str, tuple[str, ...]] = {
    "key": ("活动编码", "编码"), "name": ("活动名称", "名称"), "start": ("开始时间", "开始"),
    "end": ("结束时间", "结束", "最终截止"), "timezone": ("时区",), "verification": ("核验方式", "核验"),
    "bulletin": ("每日通报", "通报"), "public_warning_gap": ("公开警示差距", "警示差距"),
    "reminders_days_before": ("提前提醒天数", "提醒提前天数"), "reminders_at": ("提醒时间",),
    "reminders_nudge_at": ("晚间催报时间", "催报时间"),
    "name_cadres_in_bulletin": ("通报点名干部",),
    "verification_overdue_days": ("核验超期天数", "待核实超期天数"),
    # graduated warnings (issue 11 §5): empty rows (or `off` in one) leave them off
    "warnings_yellow_after": ("黄牌节点数",), "warnings_red_after": ("红牌节点数",),
    "warnings_public_after": ("公开点名节点数",),
    "leave_resplit_after_days": ("请假重分天数",),
    "reminders_rest_days": ("提醒遇休息日",), "bulletin_rest_days": ("通报遇休息日",),
    # integrity-flag thresholds (issue 11 §4) and the 核查 tolerance: an empty row keeps its default
    "anomalies_spike_factor": ("突增倍数",), "anomalies_spike_peer_percentile": ("突增同伴百分位",),
    "anomalies_last_day_share": ("节点前一天占比",), "anomalies_over_quota_percent": ("超指标百分比",),
    "anomalies_night_start": ("夜间开始",), "anomalies_night_end": ("夜间结束",),
    "anomalies_round_repeat_days": ("整十重复天数",),
    "reconcile_tolerance": ("核查容差",), "reconcile_tolerance_percent": ("核查容差百分比",),
    "calendar": ("日历", "工作日历"),  # only `off` here; the dates go on the calendar sheet
}  # fmt: skip
# A row `reminders_at` is the YAML's `reminders: {at: …}`: its prefix names one of these mappings.
_MAPPINGS = ("reminders", "warnings", "leave", "bulletin", "anomalies", "reconcile")
NESTED_CAMPAIGN_FIELDS = {
    n: (p, n.removeprefix(f"{p}_")) for n in CAMPAIGN_FIELDS for p in _MAPPINGS if n.startswith(f"{p}_")
}
# A mapping whose row on the campaign sheet is one scalar cell: that cell is this child of it
# (`bulletin: 18:00` is `bulletin: {daily_at: 18:00}`), so it combines with the mapping's other rows.
SCALAR_CAMPAIGN_FIELDS = {"bulletin": "daily_at"}
TOP_LEVEL_CAMPAIGN_FIELDS = ("calendar",)  # a campaign-sheet row for a top-level key of the YAML

# A 核查 (reconciliation) file: canonical column → aliases (lower case); dict order is the template's.
RECONCILE_COLUMNS: dict[str, tuple[str, ...]] = {
    "assignee": ("单位或人员", "对象", "单位", "人员", "姓名", "unit", "member"),
    "task": ("任务", "任务名称"),
    "checked": ("核查数", "核查数量", "核实数", "数量", "count"),
    "source": ("来源", "核查来源", "数据来源"),
    "as_of": ("截至日期", "截至", "日期", "date"),
}
RECONCILE_SHEETS: dict[str, tuple[str, ...]] = {"reconcile": ("核查", "核查数", "reconciliation")}

_WORDS = re.compile(r"[\s/()（）:：,，]+")


def match_name(text: object, names: dict[str, tuple[str, ...]]) -> str | None:
    """The canonical name a header/sheet/field cell stands for, or None."""
    whole = str(text).strip().lower()
    candidates = [whole, *(w for w in _WORDS.split(whole) if w)]
    for candidate in candidates:
        for canonical, aliases in names.items():
            if candidate == canonical or candidate in aliases:
                return canonical
    return None


def header(canonical: str, aliases: tuple[str, ...]) -> str:
    """The template's bilingual header, e.g. 'code 编码'."""
    return f"{canonical} {aliases[0]}" if aliases else canonical
