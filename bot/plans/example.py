"""The example plan of SPEC §4 (shared/examples/plan.yaml), shipped inside the package because
`/template` builds its workbook from it and package data files are easy to lose in a wheel."""

EXAMPLE_PLAN_YAML = """\
# Example campaign plan. The same structure is accepted as an .xlsx workbook
# (one sheet per top-level key); `/template` in the bot sends that workbook.
campaign:
  key: winter-service-2026
  name: 冬季健康服务集中活动
  start: 2026-11-12T08:00
  end: 2027-01-05T18:00
  timezone: Asia/Shanghai
  verification: optional        # off | optional | required
  bulletin: {daily_at: "18:00"} # or: off
  public_warning_gap: 10        # points behind pace before a unit is warned in the group
  reminders: {days_before: [3, 1, 0], at: "09:00"}

# Working days: chinese_calendar (statutory holidays and 调休 working weekends, up to the last
# announced year), overridden by these dates; `weekend:` would replace chinese_calendar altogether,
# `calendar: off` makes every day a working day. `plan check` warns of campaign dates no source
# covers (here 2027-01-04 and 01-05, taken as working days by the weekend rule).
calendar:
  holidays: [2027-01-01, 2027-01-02, 2027-01-03]   # 元旦 2027

tasks:
  - {key: visit,    name: 入户走访, unit: 户, aliases: [走访, 家访, 入户, visit]}
  - {key: checkup,  name: 健康体检, unit: 人, aliases: [体检, checkup]}
  - {key: register, name: 信息登记, unit: 份, aliases: [登记, 录入, register], max_per_report: 80}

milestones:
  - {percent: 60, due: 2026-12-05T18:00}
  - {percent: 80, due: 2026-12-15T18:00}
  - {percent: 100, due: 2027-01-05T18:00}

units:                      # a tree; `level` names are free text
  - code: county
    name: 县卫健局
    level: county
    children:
      - code: bydz
        name: 白洋渡镇
        level: town
        children:
          - {code: ql,  name: 七岭村,  level: village}
          - {code: sq,  name: 双泉村,  level: village}
          - {code: qlj, name: 青鹿居委会, level: village}
      - code: ymz
        name: 元木镇
        level: town
        children:
          - {code: ym,  name: 元木村, level: village}
          - {code: byd, name: 白洋渡村, level: village}

members:                    # display names only; no phone numbers or ids
  - {name: 陈主任, unit: county, role: leader}
  - {name: 郭镇长, unit: bydz, role: leader}
  - {name: 李书记, unit: ql, role: leader}
  - {name: 张三, unit: ql, role: cadre}
  - {name: 李四, unit: ql, role: cadre}
  - {name: 王五, unit: sq, role: cadre}
  - {name: 赵六, unit: qlj, role: cadre}
  - {name: 孙七, unit: ym, role: cadre}
  - {name: 周八, unit: byd, role: cadre}

quotas:                     # per assignee (unit or member code/name), per task
  - {assignee: county, visit: 164, checkup: 120, register: 300}
  - {assignee: bydz,   visit: 100, checkup: 70,  register: 180}
  - {assignee: ymz,    visit: 64,  checkup: 50,  register: 120}
  - {assignee: ql,     visit: 40,  checkup: 30}
  - {assignee: 张三,   visit: 20,  checkup: 15}

rules:
  - {min_each: {level: village, task: checkup, count: 1, by: 60}}
"""
