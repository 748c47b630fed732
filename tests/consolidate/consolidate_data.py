"""Hand-made units, projects and self-evaluation data for the consolidation tests."""

from __future__ import annotations

import copy
import csv
from datetime import datetime
from pathlib import Path

from jixiao.template.fill import fill_template

NOW = datetime(2026, 4, 1, 9, 0, 0)
YEAR = 2025
# (code, name, department, department code)
UNITS = [("101001", "区第一中学", "区教育局", "101"), ("101002", "区实验小学", "区教育局", "101"),
         ("101003", "区教师发展中心", "区教育局", "101"), ("102001", "区疾病预防控制中心", "区卫生健康委", "102"),
         ("102002", "区妇幼保健院", "区卫生健康委", "102")]
NEVER_SENDS = ("101009", "区中心幼儿园", "区教育局", "101")
# unit code → [(project code, name, fiscal budget, fiscal executed, other budget, other executed, 数量 actual)]
# amounts carry 3–4 decimals so that rounding to 0.01 万元 has something to balance
PROJECTS = {
    "101001": [("P01", "学生资助补助资金", 100.3333, 96.1234, None, None, 1000),
               ("P02", "校园安全防范设施建设项目", 200.3333, 180.005, 10.125, 9.5, 900)],
    "101002": [("P01", "中小学校舍维修改造项目", 300.3334, 299.9999, None, None, 1200)],
    "101003": [("P01", "教师培训专项经费", 50.125, 41.3751, 5.005, 5.005, 800),
               ("P02", "教研活动经费", 12.3456, 12.0001, None, None, 500)],
    "102001": [("P01", "基本公共卫生服务项目", 800.0049, 700.0051, None, None, 1000)],
    "102002": [("P01", "妇幼健康服务项目", 66.6666, 60.6066, 33.3333, 30.0003, 950)],
}


def unit_of(code: str) -> tuple:
    return next(u for u in UNITS + [NEVER_SENDS] if u[0] == code)


def self_eval(code: str, project: tuple, *, year: int = YEAR) -> dict:
    """A complete, valid 项目支出绩效自评表: weights 50/30/10 + 执行率 10; one 数量 indicator may fall short."""
    pcode, name, fiscal, fiscal_ex, other, other_ex, actual = project
    _, uname, dept, dcode = unit_of(code)
    funds = {"fiscal": {"budget_initial": fiscal, "budget": fiscal, "executed": fiscal_ex}}
    if other is not None:
        funds["other"] = {"budget_initial": other, "budget": other, "executed": other_ex}
    rows = [
        {"level1": "产出指标", "level2": "数量指标", "name": "服务人次", "nature": "≥", "target": 1000, "unit": "人次",
         "actual": actual, "weight": 30},
        {"level1": "产出指标", "level2": "质量指标", "name": "验收合格率", "nature": "≥", "target": 95, "unit": "%",
         "actual": 98, "weight": 20},
        {"level1": "效益指标", "level2": "社会效益指标", "name": "政策知晓率", "nature": "≥", "target": 90, "unit": "%",
         "actual": 92, "weight": 30},
        {"level1": "满意度指标", "level2": "服务对象满意度指标", "name": "服务对象满意度", "nature": "≥", "target": 90,
         "unit": "%", "actual": 93, "weight": 10},
    ]
    if actual < 1000:
        rows[0]["reason"] = "受招投标进度影响，部分任务延至次年完成，下一步将加强调度。"
    return {"form": "project_self_eval",
            "fields": {"year": year, "project_name": name, "project_code": f"{YEAR}{code}{pcode}",
                       "department": dept, "department_code": dcode, "unit_name": uname, "unit_code": code,
                       "project_leader": "张伟", "sign_project": "张伟", "sign_finance": "王芳", "fill_date": "2026-02-20"},
            "grids": {"funds": funds, "goal": {"overall": {"expected": f"按计划完成{name}年度任务。",
                                                           "actual": "已按计划完成年度任务。"}}},
            "tables": {"indicators": rows}}


def invalid(data: dict) -> dict:
    """The same form with an indicator weight left blank: R108 指标分值未填写 (强制)."""
    bad = copy.deepcopy(data)
    del bad["tables"]["indicators"][1]["weight"]
    return bad


def write_roster(path: Path, extra=()) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["单位编码", "单位名称", "主管部门", "主管部门编码"])
        for row in UNITS + [NEVER_SENDS, *extra]:
            w.writerow(row)
    return path


def fill_all(folder: Path, codes=None) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for code, projects in PROJECTS.items():
        if codes is not None and code not in codes:
            continue
        for p in projects:
            out.append(fill_template(self_eval(code, p), folder / f"{code}-{p[0]}.xlsx"))
    return out


def cli(command: str, *args):
    """Run `jixiao <command> …` as a user would; r.text is the output without the console's line wraps."""
    from typer.testing import CliRunner

    from jixiao.cli.app import app
    r = CliRunner().invoke(app, [command, *map(str, args)])
    r.text = r.output.replace("\n", "")
    return r
