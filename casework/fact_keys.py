"""The vocabulary of case facts: every key a fact can have, its type, and its Chinese label.

One flat dict per conversation (`case_facts`) holds what the worker said, under these
keys only. Extraction (`casework.facts`) writes them, the figures (`casework.figures`)
read them, the turn policy asks for the missing ones, and the lawyer reads them with
these labels. A key appears only when the worker said it: nothing is assumed.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FactKey:
    key: str
    kind: str       # "money" (yuan), "months", "date" (ISO yyyy-mm-dd), "bool", "int", "hours", "days", "text", "list"
    label: str      # what the lawyer reads
    meaning: str    # for developers: what exactly the value is


FACT_KEYS: tuple[FactKey, ...] = (
    FactKey("monthly_wage", "money", "月工资", "the agreed/usual monthly wage (not a sum owed)"),
    FactKey("amount_owed", "money", "被欠工资", "total wages the employer owes and has not paid"),
    FactKey("amount_paid", "money", "已付金额", "a sum the employer already paid towards what is owed"),
    FactKey("amount_offered", "money", "对方提出的金额", "a settlement or compensation the employer offers"),
    FactKey("months_unpaid", "months", "欠薪月数", "how many months of wages are unpaid"),
    FactKey("months_worked", "months", "工作年限", "length of service with this employer, in months"),
    FactKey("start_date", "date", "入职时间", "first day of work with this employer"),
    FactKey("left_date", "date", "离职/被辞退时间", "the day the job ended (left, dismissed, fired)"),
    FactKey("still_employed", "bool", "是否在职", "True: still working there; False: left or dismissed"),
    FactKey("dismissed", "bool", "被单位辞退", "True: the employer ended the job (辞退/开除/裁员/被停职不让干)"),
    FactKey("notice_given", "bool", "提前30天书面通知", "whether the employer gave 30 days' written notice"),
    FactKey("written_contract", "bool", "书面劳动合同", "True: a written labour contract was signed"),
    FactKey("headcount", "int", "涉及人数", "how many workers are affected (the worker included)"),
    FactKey("province", "text", "省份", "province short name, e.g. 浙江"),
    FactKey("city", "text", "城市", "city, e.g. 杭州"),
    FactKey("employer", "text", "单位名称", "the employer's name as written"),
    FactKey("overtime_hours_per_day", "hours", "工作日每天加班", "extended hours on a normal working day"),
    FactKey("overtime_hours_per_month", "hours", "工作日每月加班", "extended weekday hours per month"),
    FactKey("rest_day_hours_per_week", "hours", "休息日每周加班", "hours worked on rest days (weekends) per week"),
    FactKey("rest_day_hours_per_month", "hours", "休息日每月加班", "hours worked on rest days per month"),
    FactKey("holiday_hours", "hours", "法定节假日加班", "hours worked on statutory holidays (total)"),
    FactKey("probation_wage", "money", "试用期工资", "the wage actually paid during probation"),
    FactKey("probation_months", "months", "试用期长度", "length of the probation period"),
    FactKey("unused_leave_days", "days", "未休年休假天数", "paid annual leave days not taken this year"),
    FactKey("career_years", "months", "累计工作年限", "total working years with all employers (annual-leave entitlement)"),
    FactKey("injured", "bool", "受伤", "the worker was injured at work"),
    FactKey("disability_grade", "int", "伤残等级", "1 (most severe) to 10"),
    FactKey("injury_recognised", "bool", "已认定工伤", "a work-injury decision was made"),
    FactKey("pregnant", "bool", "怀孕/孕产期/哺乳期", "pregnant, on maternity leave or nursing"),
    FactKey("evidence", "list", "已有证据", "evidence the worker says they have, e.g. 微信聊天记录, 考勤"),
    FactKey("contact_phone", "text", "联系电话", "the phone number the worker left for the lawyer (set at hand-over)"),
)
LABELS = {f.key: f.label for f in FACT_KEYS}
KINDS = {f.key: f.kind for f in FACT_KEYS}
