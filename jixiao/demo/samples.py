"""Generate the sample inbox reproducibly: python -m jixiao.demo.samples [--out samples] [--seed 2025] [--plan-only]."""
from __future__ import annotations

import argparse
import copy
import csv
import io
import json
import random
import shutil
import tempfile
import time
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from pathlib import Path

from .. import intake  # noqa: F401  (registers the B rules)
from ..rules import engine, roster_rules  # noqa: F401  (registers the other rules)
from ..rules.registry import RULES, SEVERITIES
from .defects import DEFECTS, GOAL, MON, SELF, rezip, zip_bytes
from .mail import CST, Mail, bomb, eml, mbox, msg_bytes

SEED, YEAR, SEP = 2025, 2025, " › "
TITLES = {SELF: "项目支出绩效自评表", GOAL: "项目支出绩效目标申报表", MON: "项目支出绩效运行监控表"}
MBOX, FORWARD = "收件箱导出.mbox", "区教育局转报-所属单位绩效自评表.zip"
COLUMNS = ("单位编码", "单位名称", "主管部门", "主管部门编码", "联系邮箱", "应报表单")
# 主管部门：编码、名称、邮箱域、下属单位、项目、数量指标（名称/单位/下限/上限）、定量效益指标（二级/名称/%下限/上限）、定性效益指标
DEPTS = [
    ("101", "区教育局", "edu", "第一中学 第二中学 实验小学 中心幼儿园 教师发展中心",
     "义务教育薄弱环节改善补助资金 中小学校舍维修改造项目 教师培训专项经费 学生资助补助资金 校园安全防范设施建设项目",
     "培训教师人次/人次/300/2000 资助家庭经济困难学生人数/人/200/3000 维修改造校舍面积/平方米/2000/20000",
     "社会效益指标/资助政策知晓率/85/95", "社会效益指标/学生就学条件"),
    ("102", "区卫生健康委", "wsjkw", "疾病预防控制中心 人民医院 妇幼保健院 卫生监督所 中医院",
     "基本公共卫生服务项目 基层医疗卫生机构能力建设项目 重大传染病防控经费 妇幼健康服务项目 医疗设备购置项目",
     "建立居民电子健康档案人数/人/5000/50000 传染病监测样本数/份/500/5000 培训基层医务人员人次/人次/100/1000",
     "社会效益指标/重点人群健康管理率/60/80", "社会效益指标/居民健康素养水平"),
    ("103", "区民政局", "mzj", "社会福利院 救助管理站 殡葬管理所 婚姻登记中心 养老服务指导中心",
     "城乡低保资金 困难群众救助补助资金 社区居家养老服务补贴 特困人员供养经费 养老机构运营补贴",
     "发放低保金户数/户/300/3000 救助困难群众人次/人次/500/5000 提供居家养老服务人次/人次/1000/20000",
     "社会效益指标/应保尽保率/95/100", "社会效益指标/困难群众基本生活"),
    ("104", "区农业农村局", "nyncj", "农业技术推广中心 动物疫病预防控制中心 农村经济经营管理站 水产技术推广站 农机监理站",
     "高标准农田建设项目 农业技术推广补助资金 动物防疫补助经费 农村人居环境整治项目 农机购置补贴",
     "建设高标准农田面积/亩/1000/20000 开展农业技术培训人次/人次/200/3000 强制免疫畜禽数量/万头/5/50",
     "经济效益指标/良种覆盖率/90/98", "生态效益指标/农村人居环境"),
    ("105", "区交通运输局", "jtysj", "农村公路管理站 公路事业发展中心 交通运输综合行政执法大队 公共交通服务中心 港航事业发展中心",
     "农村公路养护专项资金 公交运营补贴 道路运输安全监管经费 农村公路提档升级工程 公路桥梁安全检测项目",
     "养护农村公路里程/公里/50/300 检测公路桥梁座数/座/10/80 新增公交线路条数/条/2/10",
     "社会效益指标/农村公路优良路率/75/90", "社会效益指标/群众安全出行条件"),
    ("106", "区住房城乡建设局", "zjj", "建设工程质量安全监督站 房屋征收服务中心 市政设施养护中心 住房保障中心 城建档案馆",
     "老旧小区改造补助资金 城市道路维修养护经费 保障性住房建设项目 建筑工地扬尘治理经费 城市排水防涝设施建设项目",
     "改造老旧小区个数/个/3/30 维修养护城市道路面积/平方米/5000/80000 新增保障性住房套数/套/50/800",
     "生态效益指标/建筑垃圾资源化利用率/60/90", "社会效益指标/居民居住条件"),
    ("107", "区文化和旅游局", "whlyj", "文化馆 图书馆 博物馆 文物保护中心 旅游服务中心",
     "公共文化服务体系建设专项 文物保护修缮项目 图书馆购书经费 群众文化活动经费 全域旅游推广经费",
     "举办群众文化活动场次/场/20/200 新增馆藏图书册数/册/5000/50000 修缮文物建筑面积/平方米/200/3000",
     "社会效益指标/公共文化设施免费开放率/95/100", "社会效益指标/公共文化服务水平"),
    ("108", "区科学技术局", "kjj", "科技创新服务中心 生产力促进中心 科学技术情报研究所 科技馆 知识产权服务中心",
     "科技创新券补助资金 高新技术企业培育奖励 科普宣传活动经费 科技成果转化专项 知识产权资助资金",
     "发放科技创新券企业数/家/20/200 举办科普活动场次/场/10/100 资助专利申请件数/件/50/500",
     "经济效益指标/企业研发投入增长率/5/15", "可持续影响指标/区域创新能力"),
]
_P = ("张伟 zhangwei 王芳 wangfang 李娜 lina 刘洋 liuyang 陈静 chenjing 杨帆 yangfan 赵磊 zhaolei 黄敏 huangmin 周杰 zhoujie "
      "吴霞 wuxia 徐明 xuming 孙丽 sunli 马超 machao 朱琳 zhulin 胡斌 hubin 郭芳 guofang 何勇 heyong 高峰 gaofeng 林涛 lintao "
      "罗娟 luojuan 郑凯 zhengkai 梁燕 liangyan 谢军 xiejun 宋佳 songjia 唐亮 tangliang 许琴 xuqin 韩雪 hanxue 冯刚 fenggang "
      "邓丽 dengli 曹阳 caoyang 彭博 pengbo 曾敏 zengmin 肖鹏 xiaopeng 田甜 tiantian 董浩 donghao 袁媛 yuanyuan 潘磊 panlei "
      "蒋欣 jiangxin 蔡明 caiming 余洁 yujie 魏东 weidong").split()
PEOPLE = list(zip(_P[::2], _P[1::2]))
REASONS = ("受招投标进度影响，部分任务延至次年一季度完成，下一步将倒排工期、加强调度。",
           "年初指标值按上年峰值设定偏高，下一年度将结合近三年实际科学设定。",
           "服务对象需求较预期减少，将加强前期调研，动态调整实施计划。")
BASIS = ("计划标准：年度工作计划；数据来源：业务统计台账", "历史标准：近三年平均完成数；数据来源：年度统计报表",
         "行业标准：相关技术规范；数据来源：验收报告")
# (defect, how many, form): the inbox; units are dealt round-robin, each file is one of the unit's projects
MIX = [("clean", 36, SELF), ("over_explained", 2, SELF), ("weights_shifted", 2, SELF), ("over_unexplained", 2, SELF),
       ("missing_reason", 4, SELF), ("weight_total", 3, SELF), ("text_amount", 2, SELF), ("pct_text", 2, SELF),
       ("placeholder_target", 2, SELF), ("qual_band", 2, SELF), ("wrong_unit_name", 2, SELF), ("wrong_sender", 2, SELF),
       ("clean", 4, GOAL), ("clean", 4, MON)] + [(d, 1, DEFECTS[d].form) for d in DEFECTS if d not in (
        "clean", "over_explained", "weights_shifted", "over_unexplained", "missing_reason", "weight_total",
        "text_amount", "pct_text", "placeholder_target", "qual_band", "wrong_unit_name", "wrong_sender")]


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    dept: str
    dept_code: str
    person: str
    email: str
    forms: tuple = (SELF,)


@dataclass
class Job:                                        # one planned file: whose, which form, what was done to it
    key: str
    defect: str
    form: str
    unit: Unit
    project: dict
    data: dict | None = None
    clean: dict | None = None                     # the data before the defect (what a corrected resend holds)
    name: str = ""
    kind: str = ""
    codes: tuple = ()
    copy_of: Job | None = None
    origin: str = ""


@dataclass
class Plan:
    seed: int
    units: list
    jobs: list
    mails: list
    superseded: dict = field(default_factory=dict)


def _split(total: int, n: int) -> list[int]:
    base, extra = divmod(total, n)
    return [base + 1] * extra + [base] * (n - extra)


def _spec(text: str):
    return [int(x) if x.isdigit() else x for x in text.split("/")]


def make_units(rng: random.Random) -> tuple[list[Unit], set[str]]:
    people = rng.sample(PEOPLE, len(PEOPLE))
    units = [Unit(f"{code}{k:03d}", "区" + short, dept, code, *people[len(units_so_far := []) or 0])
             for code, dept, dom, shorts, *_ in DEPTS for k, short in enumerate(shorts.split(), 1)] if False else []
    for code, dept, dom, shorts, *_ in DEPTS:
        for k, short in enumerate(shorts.split(), 1):
            name, py = people[len(units)]
            units.append(Unit(f"{code}{k:03d}", "区" + short, dept, code, name, f"{py}@{dom}.example.gov.cn"))
    pick = rng.sample(range(len(units)), 15)
    for i in pick[:6]:
        units[i] = replace(units[i], forms=(SELF, GOAL))
    for i in pick[6:10]:
        units[i] = replace(units[i], forms=(SELF, MON))
    return units, {units[i].code for i in pick[10:]}


def make_projects(unit: Unit, rng: random.Random) -> list[dict]:
    _, _, _, _, topics, quants, effect, qual = next(d for d in DEPTS if d[0] == unit.dept_code)
    out = []
    for k, topic in enumerate(rng.sample(topics.split(), 5), 1):
        fiscal, other = round(rng.uniform(30, 800), 2), round(rng.uniform(5, 60), 2) if rng.random() < 0.25 else None
        budget = round(fiscal + (other or 0), 2)
        q = [_spec(s) for s in rng.sample(quants.split(), rng.choice((2, 3)))]
        l2, en, lo, hi = _spec(effect)
        defs = [("产出指标", "数量指标", n, "≥", u, rng.randint(a, b)) for n, u, a, b in q] + [
            ("产出指标", "质量指标", rng.choice(("项目验收合格率", "工作任务完成合格率")), "≥", "%", rng.choice((95, 98, 100))),
            ("产出指标", "时效指标", "资金拨付及时率", "≥", "%", rng.choice((95, 100))),
            ("产出指标", "成本指标", "项目总成本", "≤", "万元", budget),
            ("效益指标", l2, en, "≥", "%", rng.randint(lo, hi)),
            ("效益指标", *qual.split("/"), "定性", "", rng.choice(("明显改善", "有效提升", "持续向好")))]
        if rng.random() < 0.6:
            defs.append(("效益指标", "可持续影响指标", "长效管护机制", "定性", "", "逐步健全"))
        defs.append(("满意度指标", "服务对象满意度指标", rng.choice(("服务对象满意度", "受益群众满意度")), "≥", "%",
                     rng.choice((85, 90, 95))))
        keys = ("level1", "level2", "name", "nature", "unit", "target")
        out.append({"topic": topic, "code": f"{YEAR}{unit.code}{k:02d}", "fiscal": fiscal, "other": other,
                    "budget": budget, "rows": [dict(zip(keys, d)) for d in defs], "leader": rng.choice(PEOPLE)[0]})
    return out


def _fields(unit: Unit, p: dict, rng: random.Random, year: int) -> dict:
    return {"year": year, "project_name": p["topic"], "project_code": p["code"], "department": unit.dept,
            "department_code": unit.dept_code, "unit_name": unit.name, "unit_code": unit.code,
            "project_leader": p["leader"], "contact": f"{unit.person} 1380000{rng.randint(1000, 9999)}"}


def _goal_text(p: dict) -> str:
    r0, r5 = p["rows"][0], next(r for r in p["rows"] if r["level1"] == "效益指标")
    return f"按计划完成{p['topic']}年度任务，{r0['name']}不少于{r0['target']}{r0['unit']}，{r5['name']}达到{r5['target']}%，" \
           "资金使用规范高效，服务对象满意度持续提升。"


def self_eval(unit: Unit, p: dict, rng: random.Random) -> dict:
    ex = {"fiscal": round(p["fiscal"] * rng.uniform(0.86, 1.0), 2), "other": p["other"]}
    funds = {k: {"budget_initial": p[k], "budget": p[k], "executed": float(ex[k])} for k in ("fiscal", "other") if p[k]}
    rows, lost = copy.deepcopy(p["rows"]), True
    groups = {g: [r for r in rows if r["level1"] in g] for g in (("产出指标",), ("效益指标",), ("满意度指标",))}
    for (g, members), total in zip(groups.items(), (50, 30, 10)):
        for r, w in zip(members, _split(total, len(members))):
            r["weight"] = w
    for r in rows:
        t = r["target"]
        if r["nature"] == "定性":
            tier = 1 if r["name"] == "长效管护机制" and rng.random() < 0.5 else 0
            r.update(actual="已" + t if tier == 0 else "初步建立", tier=("达成年度指标", "部分达成年度指标并具有一定效果")[tier],
                     manual=r["weight"] if tier == 0 else round(r["weight"] * 0.7, 1))
            if tier:
                r["reason"] = "管护制度已制定但尚未全面落实，明年将完善考核机制。"
        elif r["nature"] == "≤":
            r["actual"] = round(sum(ex[k] for k in ex if ex[k]), 2)
        elif r["unit"] == "%":
            r["actual"] = 100 if t == 100 else round(rng.uniform(t, min(100, t + 6)), 1)
        elif lost and r["level2"] == "数量指标" and r is not rows[0]:
            r["actual"], r["reason"], lost = int(t * rng.uniform(0.8, 0.95)), rng.choice(REASONS), False
        else:
            r["actual"] = rng.randint(t, int(t * 1.15))
    text = _goal_text(p)
    return {"form": SELF, "fields": {**_fields(unit, p, rng, YEAR), "sign_project": p["leader"], "fill_date":
            f"2026-02-{rng.randint(10, 27)}", "sign_finance": rng.choice(PEOPLE)[0]}, "tables": {"indicators": rows},
            "grids": {"funds": funds, "goal": {"overall": {"expected": text, "actual": "已按计划完成年度任务，主要指标基本达成。"}}}}


def goal(unit: Unit, p: dict, rng: random.Random, year: int = YEAR + 1) -> dict:
    rows = [{**r, "basis": rng.choice(BASIS)} for r in copy.deepcopy(p["rows"])]
    funds = {"annual": {"fiscal": p["fiscal"], **({"other": p["other"]} if p["other"] else {})},
             "midterm": {"fiscal": round(p["fiscal"] * 3, 2)}}
    return {"form": GOAL, "fields": {**_fields(unit, p, rng, year), "project_kind": rng.choice(("延续项目", "新增项目")),
            "project_period": f"{year}年", "filler": unit.person, "sign_unit": p["leader"], "fill_date": f"{year - 1}-09-1{rng.randint(0, 9)}"},
            "grids": {"funds": funds, "goal": {"overall": {"midterm": _goal_text(p), "annual": _goal_text(p)}}},
            "tables": {"indicators": rows}}


def monitor(unit: Unit, p: dict, rng: random.Random) -> dict:
    funds = {k: {"budget_initial": p[k], "budget": p[k], "executed": round(p[k] * rng.uniform(0.2, 0.3), 2), "forecast": p[k]}
             for k in ("fiscal", "other") if p[k]}
    rows = []
    for r in copy.deepcopy(p["rows"]):
        t, qual = r["target"], r["nature"] == "定性"
        done = "按计划推进" if qual else t if r["unit"] == "%" else round(t * rng.uniform(0.15, 0.3), 2)
        rows.append({**r, "actual": done, "forecast": t, "likelihood": "确定能"})
    return {"form": MON, "fields": {**_fields(unit, p, rng, YEAR + 1), "month": 2, "fill_date": "2026-03-03",
            "sign_unit": p["leader"]}, "tables": {"indicators": rows},
            "grids": {"funds": funds, "goal": {"overall": {"expected": _goal_text(p), "progress": "1—2月已完成招标和年度计划分解。"}}}}


BUILDERS = {SELF: self_eval, GOAL: goal, MON: monitor}
NAMES = {SELF: ("{y}年度项目支出绩效自评表（{t}）", "{u}-{t}-绩效自评表", "附件1：{t}绩效自评表"),
         GOAL: ("{y1}年项目支出绩效目标申报表（{t}）",), MON: ("{t}绩效运行监控表（1—2月）",)}
SUBJECTS = {SELF: "【绩效自评】{u}{y}年度项目支出绩效自评表", GOAL: "【绩效目标】{u}{y1}年项目支出绩效目标申报表",
            MON: "【运行监控】{u}{y1}年1—2月项目支出绩效运行监控表"}


def _status(codes) -> str:
    found = {RULES[c].severity for c in codes}
    return next((s for s in SEVERITIES if s in found), "通过")


def plan(seed: int = SEED) -> Plan:
    """Everything about the inbox except the bytes: units, files, mails, origins and expected findings (no LibreOffice)."""
    rng = random.Random(seed)
    units, silent = make_units(rng)
    projects = {u.code: make_projects(u, rng) for u in units}
    outsider = Unit("101099", "区青少年活动中心", "区教育局", "101", "魏东", "weidong@edu.example.gov.cn")
    projects[outsider.code] = make_projects(outsider, rng)
    active = [u for u in units if u.code not in silent]
    rng.shuffle(active)
    pools = {SELF: active, GOAL: [u for u in active if GOAL in u.forms], MON: [u for u in active if MON in u.forms],
             "wrong_form": [u for u in active if u.forms == (SELF,)], "unknown_unit": [outsider]}
    cursor, used, jobs = {k: 0 for k in pools}, {}, []

    def new_job(defect: str, form: str, unit: Unit | None = None, project: dict | None = None) -> Job:
        pool = pools.get(defect, pools[form])
        if unit is None:
            unit = pool[cursor[defect if defect in pools else form] % len(pool)]
            cursor[defect if defect in pools else form] += 1
        if project is None:
            n = used[(unit.code, form)] = used.get((unit.code, form), -1) + 1
            project = projects[unit.code][n % 5]
        job = Job(f"J{len(jobs) + 1:03d}", defect, form, unit, project, kind=DEFECTS[defect].kind, codes=DEFECTS[defect].codes)
        job.clean = BUILDERS[form](unit, project, rng)
        job.data = copy.deepcopy(job.clean)
        if DEFECTS[defect].data:
            DEFECTS[defect].data(job.data)
        fmt = dict(u=unit.name, t=project["topic"], y=YEAR, y1=YEAR + 1)
        job.name = rng.choice(NAMES[form]).format(**fmt) + ".xlsx"
        jobs.append(job)
        return job

    for defect, n, form in MIX:
        for _ in range(n):
            new_job(defect, form)
    mails = [_mail(j, rng) for j in jobs]
    rng.shuffle(mails)
    merged = []
    for m in mails:                                   # a unit sometimes sends two projects in one mail
        prev = next((x for x in merged[-6:] if x.sender == m.sender and x.kind == "eml"), None)
        if prev and m.kind == "eml" and len(prev.jobs) < 3 and rng.random() < 0.5 and _simple(m.jobs[0]) and _simple(prev.jobs[0]):
            prev.jobs += m.jobs
            prev.subject += f"等{len(prev.jobs)}个项目" if "等" not in prev.subject else ""
            prev.subject = prev.subject.replace(f"等{len(prev.jobs) - 1}个", f"等{len(prev.jobs)}个")
        else:
            merged.append(m)
    mails = merged
    forward = [m for m in mails if m.kind == "eml" and m.jobs and m.jobs[0].unit.dept_code == "101" and _simple(m.jobs[0])][:4]
    zipped = Mail("zip", "", "", None, "", "", [j for m in forward for j in m.jobs], FORWARD)
    mails = [m for m in mails if m not in forward]
    when = datetime(2026, 2, 23, 8, 40, tzinfo=CST)
    for m in mails:                                   # working hours, Monday 23 February to Friday 6 March
        when += timedelta(minutes=rng.randint(15, 95))
        if when.hour >= 18:
            when = when.replace(hour=8, minute=rng.randint(30, 59)) + timedelta(days=3 if when.weekday() == 4 else 1)
        m.date = when
    extra = _follow_ups(mails, jobs, rng, new_job)
    free = [m for m in mails if m.kind == "eml"]
    for m in rng.sample(free, 24):
        m.kind = "msg"
    for m in rng.sample([m for m in free if m.kind == "eml"], 10):
        m.kind = "mbox"
    p = Plan(seed, units, jobs, sorted(mails + extra, key=lambda m: m.date) + [zipped])
    _name(p)
    p.superseded = {j.copy_of.origin: j.origin for j in jobs if j.kind == "resubmission"}
    return p


def _simple(job: Job) -> bool:
    return job.kind in ("clean", "sloppy") and job.defect not in ("wrong_sender", "unknown_unit")


def _mail(job: Job, rng: random.Random, prefix: str = "", sender: str | None = None) -> Mail:
    u = job.unit
    subject = prefix + SUBJECTS[job.form].format(u=u.name, y=YEAR, y1=YEAR + 1) + f"（{job.project['topic']}）"
    if job.defect == "wrong_sender":
        sender = f"{u.email.split('@')[0]}{rng.randint(1975, 1999)}@mail.example.com"
    body = f"财政局绩效科：\n\n    附件为我单位{TITLES[job.form]}，请审核。\n\n{u.name} {u.person}\n"
    kind = "msg" if job.defect == "broken_msg" else "eml" if job.kind in ("mail", "broken") else "eml"
    return Mail(kind, sender or u.email, u.person, None, subject, body, [job])


def _follow_ups(mails: list, jobs: list, rng: random.Random, new_job) -> list:
    """Duplicates (same bytes again next day), corrected resubmissions (two days later), resends after a broken file."""
    by_date = sorted((m for m in mails if m.kind == "eml"), key=lambda m: m.date)
    last = {}
    for m in by_date:
        for j in m.jobs:
            if j.form == SELF and j.kind != "broken":
                last[j.unit.code] = (m, j)
    taken, out = set(), []

    def pick(pred):
        m, j = next((m, j) for m in by_date for j in m.jobs if pred(j) and j.unit.code not in taken and len(m.jobs) == 1)
        taken.add(j.unit.code)
        return m, j
    for prefix, days, kind, pred in (
            ("再次发送：", 1, "duplicate", lambda j: j.defect == "clean" and j.form == SELF),
            ("再次发送：", 1, "duplicate", lambda j: j.defect == "missing_reason"),
            *[("【更正】", 2, "resubmission", lambda j: DEFECTS[j.defect].data and j.form == SELF and j.kind == "sloppy"
               and last.get(j.unit.code, (0, 0))[1] is j and "reason" not in j.defect)] * 3,
            *[("重新发送：", 1, "resend", lambda j, d=d: j.defect == d) for d in ("encrypted", "xlsm", "truncated")]):
        m, j = pick(pred)
        if kind == "duplicate":
            again = replace(j, key=f"J{len(jobs) + 1:03d}", kind="duplicate", codes=j.codes + ("B006",), copy_of=j)
            jobs.append(again)
        else:
            again = new_job("clean", SELF, j.unit, j.project)
            again.data, again.kind, again.copy_of = copy.deepcopy(j.clean), kind, j
            again.name = j.name if kind == "resubmission" else j.name.rsplit(".", 1)[0] + ".xlsx"
        follow = _mail(again, rng, prefix)
        follow.date = m.date + timedelta(days=days, minutes=rng.randint(-90, 90))
        out.append(follow)
    return out


def _name(p: Plan) -> None:
    """File names in inbox/ and the origin string jixiao.intake reports for every planned file."""
    n, numbered = 0, 0
    for m in p.mails:
        if m.kind == "zip":
            for i, j in enumerate(m.jobs):
                j.origin = f"inbox/{m.file}{SEP}{j.unit.name}/{j.name}"
            continue
        if m.kind == "mbox":
            numbered += 1
            m.file, m.number, top = MBOX, numbered, f"inbox/{MBOX}{SEP}邮件#{numbered}"
        else:
            n += 1
            m.file = f"{n:03d} {m.subject}.{m.kind}"
            top = f"inbox/{m.file}"
        for j in m.jobs:
            suffix = {"xls": ".xls", "xlsm": ".xlsm", "pdf": ".pdf", "zip_bomb": ".zip", "broken_zip": ".zip", "too_deep": ".zip"}
            if j.defect in suffix:
                j.name = j.name.rsplit(".", 1)[0] + suffix[j.defect]
            inner = f"{SEP}区{j.unit.dept[1:3]}转报.zip{SEP}{j.unit.name}.zip" if j.defect == "too_deep" else ""
            j.origin = top if j.defect in ("no_attachment", "broken_msg") else f"{top}{SEP}附件 {j.name}{inner}"
