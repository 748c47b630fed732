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
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path

from ..rules.registry import RULES, SEVERITIES
from .defects import DEFECTS, GOAL, MON, SELF, rezip, row, zip_bytes
from .mail import CST, Mail, bomb, eml, mbox, msg_bytes

SEED, YEAR, SEP = 2025, 2025, " › "
TITLES = {SELF: "项目支出绩效自评表", GOAL: "项目支出绩效目标申报表", MON: "项目支出绩效运行监控表"}
MBOX, FORWARD, NESTED = "收件箱导出.mbox", "区教育局转报-所属单位绩效自评表.zip", "各单位材料.zip"
COLUMNS = ("单位编码", "单位名称", "主管部门", "主管部门编码", "联系邮箱", "应报表单")
# 主管部门 编码、名称、邮箱域、下属单位 | 项目 | 数量指标（名称/单位/指标值范围）| 定量效益指标（二级/名称/%范围）| 定性效益指标
DEPTS = [
    ("101 区教育局 edu 第一中学 第二中学 实验小学 中心幼儿园 教师发展中心",
     "义务教育薄弱环节改善补助资金 中小学校舍维修改造项目 教师培训专项经费 学生资助补助资金 校园安全防范设施建设项目",
     "培训教师人次/人次/300/2000 资助家庭经济困难学生人数/人/200/3000 维修改造校舍面积/平方米/2000/20000",
     "社会效益指标/资助政策知晓率/85/95 社会效益指标/学生就学条件"),
    ("102 区卫生健康委 wsjkw 疾病预防控制中心 人民医院 妇幼保健院 卫生监督所 中医院",
     "基本公共卫生服务项目 基层医疗卫生机构能力建设项目 重大传染病防控经费 妇幼健康服务项目 医疗设备购置项目",
     "建立居民电子健康档案人数/人/5000/50000 传染病监测样本数/份/500/5000 培训基层医务人员人次/人次/100/1000",
     "社会效益指标/重点人群健康管理率/60/80 社会效益指标/居民健康素养水平"),
    ("103 区民政局 mzj 社会福利院 救助管理站 殡葬管理所 婚姻登记中心 养老服务指导中心",
     "城乡低保资金 困难群众救助补助资金 社区居家养老服务补贴 特困人员供养经费 养老机构运营补贴",
     "发放低保金户数/户/300/3000 救助困难群众人次/人次/500/5000 提供居家养老服务人次/人次/1000/20000",
     "社会效益指标/应保尽保率/95/100 社会效益指标/困难群众基本生活"),
    ("104 区农业农村局 nyncj 农业技术推广中心 动物疫病预防控制中心 农村经济经营管理站 水产技术推广站 农机监理站",
     "高标准农田建设项目 农业技术推广补助资金 动物防疫补助经费 农村人居环境整治项目 农机购置补贴",
     "建设高标准农田面积/亩/1000/20000 开展农业技术培训人次/人次/200/3000 强制免疫畜禽数量/万头/5/50",
     "经济效益指标/良种覆盖率/90/98 生态效益指标/农村人居环境"),
    ("105 区交通运输局 jtysj 农村公路管理站 公路事业发展中心 交通运输综合行政执法大队 公共交通服务中心 港航事业发展中心",
     "农村公路养护专项资金 公交运营补贴 道路运输安全监管经费 农村公路提档升级工程 公路桥梁安全检测项目",
     "养护农村公路里程/公里/50/300 检测公路桥梁座数/座/10/80 新增公交线路条数/条/2/10",
     "社会效益指标/农村公路优良路率/75/90 社会效益指标/群众安全出行条件"),
    ("106 区住房城乡建设局 zjj 建设工程质量安全监督站 房屋征收服务中心 市政设施养护中心 住房保障中心 城建档案馆",
     "老旧小区改造补助资金 城市道路维修养护经费 保障性住房建设项目 建筑工地扬尘治理经费 城市排水防涝设施建设项目",
     "改造老旧小区个数/个/3/30 维修养护城市道路面积/平方米/5000/80000 新增保障性住房套数/套/50/800",
     "生态效益指标/建筑垃圾资源化利用率/60/90 社会效益指标/居民居住条件"),
    ("107 区文化和旅游局 whlyj 文化馆 图书馆 博物馆 文物保护中心 旅游服务中心",
     "公共文化服务体系建设专项 文物保护修缮项目 图书馆购书经费 群众文化活动经费 全域旅游推广经费",
     "举办群众文化活动场次/场/20/200 新增馆藏图书册数/册/5000/50000 修缮文物建筑面积/平方米/200/3000",
     "社会效益指标/公共文化设施免费开放率/95/100 社会效益指标/公共文化服务水平"),
    ("108 区科学技术局 kjj 科技创新服务中心 生产力促进中心 科学技术情报研究所 科技馆 知识产权服务中心",
     "科技创新券补助资金 高新技术企业培育奖励 科普宣传活动经费 科技成果转化专项 知识产权资助资金",
     "发放科技创新券企业数/家/20/200 举办科普活动场次/场/10/100 资助专利申请件数/件/50/500",
     "经济效益指标/科技型企业研发活动覆盖率/60/80 可持续影响指标/区域创新能力"),
]
_P = ("张伟 zhangwei 王芳 wangfang 李娜 lina 刘洋 liuyang 陈静 chenjing 杨帆 yangfan 赵磊 zhaolei 黄敏 huangmin 周杰 zhoujie "
      "吴霞 wuxia 徐明 xuming 孙丽 sunli 马超 machao 朱琳 zhulin 胡斌 hubin 郭芳 guofang 何勇 heyong 高峰 gaofeng 林涛 lintao "
      "罗娟 luojuan 郑凯 zhengkai 梁燕 liangyan 谢军 xiejun 宋佳 songjia 唐亮 tangliang 许琴 xuqin 韩雪 hanxue 冯刚 fenggang "
      "邓丽 dengli 曹阳 caoyang 彭博 pengbo 曾敏 zengmin 肖鹏 xiaopeng 田甜 tiantian 董浩 donghao 袁媛 yuanyuan 潘磊 panlei "
      "蒋欣 jiangxin 蔡明 caiming 余洁 yujie").split()
PEOPLE = list(zip(_P[::2], _P[1::2]))
REASONS = ("受招投标进度影响，部分任务延至次年一季度完成，下一步将倒排工期、加强调度。",
           "年初指标值按上年峰值设定偏高，下一年度将结合近三年实际科学设定。", "服务对象需求较预期减少，将加强前期调研，动态调整实施计划。")
BASIS = ("计划标准：年度工作计划；数据来源：业务统计台账", "历史标准：近三年平均完成数；数据来源：年度统计报表")
# (defect, how many, form): units are dealt round-robin and each file is one of that unit's projects
MIX = [("clean", 36, SELF), ("over_explained", 2, SELF), ("weights_shifted", 2, SELF), ("over_unexplained", 2, SELF),
       ("missing_reason", 4, SELF), ("weight_total", 3, SELF), ("text_amount", 2, SELF), ("pct_text", 2, SELF),
       ("placeholder_target", 2, SELF), ("qual_band", 2, SELF), ("wrong_unit_name", 2, SELF), ("wrong_sender", 2, SELF),
       ("clean", 4, GOAL), ("clean", 4, MON)]
MIX += [(d, 1, DEFECTS[d].form) for d in DEFECTS if d not in {m[0] for m in MIX}]
NAMES = {SELF: ("{y}年度项目支出绩效自评表（{t}）", "{u}-{t}-绩效自评表", "附件1：{t}绩效自评表"),
         GOAL: ("{y1}年项目支出绩效目标申报表（{t}）",), MON: ("{t}绩效运行监控表（1—2月）",)}
SUBJECTS = {SELF: "【绩效自评】{u}{y}年度项目支出绩效自评表", GOAL: "【绩效目标】{u}{y1}年项目支出绩效目标申报表",
            MON: "【运行监控】{u}{y1}年1—2月项目支出绩效运行监控表"}
SUFFIX = {"xls": ".xls", "xlsm": ".xlsm", "pdf": ".pdf", "zip_bomb": ".zip", "broken_zip": ".zip", "too_deep": ".zip"}


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
class Job:                              # one planned file: whose, which form, what was done to it, what it must raise
    key: str
    defect: str
    form: str
    unit: Unit
    project: dict
    kind: str
    codes: tuple
    data: dict | None = None
    clean: dict | None = None               # the data before the defect: what a corrected resubmission holds
    name: str = ""
    copy_of: Job | None = None
    origin: str = ""


def _split(total: int, n: int) -> list[int]:
    return [total // n + (i < total % n) for i in range(n)]


def _spec(text: str) -> list:
    return [int(x) if x.isdigit() else x for x in text.split("/")]


def make_units(rng: random.Random) -> tuple[list[Unit], set[str]]:
    people, units = rng.sample(PEOPLE, len(PEOPLE)), []
    for head, *_ in DEPTS:
        code, dept, domain, *shorts = head.split()
        for k, short in enumerate(shorts, 1):
            name, py = people[len(units)]
            units.append(Unit(f"{code}{k:03d}", "区" + short, dept, code, name, f"{py}@{domain}.example.gov.cn"))
    pick = rng.sample(range(len(units)), 15)
    for i, forms in zip(pick, [(SELF, GOAL)] * 6 + [(SELF, MON)] * 4):
        units[i] = replace(units[i], forms=forms)
    return units, {units[i].code for i in pick[10:]}


def make_projects(unit: Unit, rng: random.Random) -> list[dict]:
    """Five projects of the unit's department, each with its approved indicators and budget (万元)."""
    _, topics, quants, effects = next(d for d in DEPTS if d[0].startswith(unit.dept_code))
    out = []
    for k, topic in enumerate(rng.sample(topics.split(), 5), 1):
        fiscal, other = round(rng.uniform(30, 800), 2), round(rng.uniform(5, 60), 2) if rng.random() < 0.25 else None
        budget = round(fiscal + (other or 0), 2)
        (l2, name, lo, hi), qual = [_spec(e) for e in effects.split()]
        defs = [("产出指标", "数量指标", n, "≥", u, rng.randint(a, b)) for n, u, a, b in
                [_spec(q) for q in rng.sample(quants.split(), rng.choice((2, 3)))]] + [
            ("产出指标", "质量指标", rng.choice(("项目验收合格率", "工作任务完成合格率")), "≥", "%", rng.choice((95, 98, 100))),
            ("产出指标", "时效指标", "资金拨付及时率", "≥", "%", rng.choice((95, 100))),
            ("产出指标", "成本指标", "项目总成本", "≤", "万元", budget), ("效益指标", l2, name, "≥", "%", rng.randint(lo, hi)),
            ("效益指标", *qual, "定性", "", rng.choice(("明显改善", "有效提升", "持续向好")))]
        defs += [("效益指标", "可持续影响指标", "长效管护机制", "定性", "", "逐步健全")] * (rng.random() < 0.6)
        defs += [("满意度指标", "服务对象满意度指标", rng.choice(("服务对象满意度", "受益群众满意度")), "≥", "%", rng.choice((85, 90, 95)))]
        keys = ("level1", "level2", "name", "nature", "unit", "target")
        out.append({"topic": topic, "code": f"{YEAR}{unit.code}{k:02d}", "fiscal": fiscal, "other": other,
                    "budget": budget, "leader": rng.choice(PEOPLE)[0], "rows": [dict(zip(keys, d)) for d in defs]})
    return out


def _form(form: str, unit: Unit, p: dict, rng: random.Random, year: int, rows: list, grids: dict, **fields) -> dict:
    r0, r5 = p["rows"][0], next(r for r in p["rows"] if r["level1"] == "效益指标")
    goal = f"按计划完成{p['topic']}年度任务，{r0['name']}不少于{r0['target']}{r0['unit']}，{r5['name']}达到{r5['target']}%，" \
           "资金使用规范高效，服务对象满意度持续提升。"
    grids["goal"] = {"overall": {k: goal if v is None else v for k, v in grids["goal"].items()}}
    return {"form": form, "tables": {"indicators": rows}, "grids": grids, "fields": {
        "year": year, "project_name": p["topic"], "project_code": p["code"], "department": unit.dept,
        "department_code": unit.dept_code, "unit_name": unit.name, "unit_code": unit.code,
        "project_leader": p["leader"], "contact": f"{unit.person} 1380000{rng.randint(1000, 9999)}", **fields}}


def self_eval(unit: Unit, p: dict, rng: random.Random) -> dict:
    """Realistic and clean: weights 50/30/10 (+10 执行率), one quantity row short of target with its reason."""
    ex = {"fiscal": round(p["fiscal"] * rng.uniform(0.86, 1.0), 2), "other": p["other"]}
    rows, lost = copy.deepcopy(p["rows"]), True
    for group, total in (("产出指标", 50), ("效益指标", 30), ("满意度指标", 10)):
        members = [r for r in rows if r["level1"] == group]
        for r, w in zip(members, _split(total, len(members))):
            r["weight"] = w
    for r in rows:
        t = r["target"]
        if r["nature"] == "定性":
            part = r["name"] == "长效管护机制" and rng.random() < 0.5        # 部分达成: 70% of the points, with a reason
            r.update(actual="初步建立" if part else "已" + t, tier="部分达成年度指标并具有一定效果" if part else "达成年度指标",
                     manual=round(r["weight"] * 0.7, 1) if part else r["weight"])
            r.update({"reason": "管护制度已制定但尚未全面落实，明年将完善考核机制。"} if part else {})
        elif r["nature"] == "≤":
            r["actual"] = round(sum(v for v in ex.values() if v), 2)
        elif r["unit"] == "%":
            r["actual"] = 100 if t == 100 else round(rng.uniform(t, min(100, t + 5, t * 1.15)), 1)
        elif lost and r is not rows[0]:
            r["actual"], r["reason"], lost = int(t * rng.uniform(0.8, 0.95)), rng.choice(REASONS), False
        else:
            r["actual"] = rng.randint(t, int(t * 1.15))
    funds = {k: {"budget_initial": p[k], "budget": p[k], "executed": float(ex[k])} for k in ex if p[k]}
    return _form(SELF, unit, p, rng, YEAR, rows, {"funds": funds, "goal": {"expected": None, "actual": "已按计划完成年度任务。"}},
                 sign_project=p["leader"], sign_finance=rng.choice(PEOPLE)[0],
                 fill_date=f"2026-02-{rng.randint(9, 20):02d}")


def goal(unit: Unit, p: dict, rng: random.Random, year: int = YEAR + 1) -> dict:
    rows = [{**r, "basis": rng.choice(BASIS)} for r in copy.deepcopy(p["rows"])]
    funds = {"annual": {k: p[k] for k in ("fiscal", "other") if p[k]}, "midterm": {"fiscal": round(p["fiscal"] * 3, 2)}}
    return _form(GOAL, unit, p, rng, year, rows, {"funds": funds, "goal": {"midterm": None, "annual": None}},
                 project_kind=rng.choice(("延续项目", "新增项目")), project_period=f"{year}年", filler=unit.person,
                 sign_unit=p["leader"], fill_date=f"{year - 1}-09-1{rng.randint(0, 9)}")


def monitor(unit: Unit, p: dict, rng: random.Random) -> dict:
    """1—2月: about a quarter of the money spent, every indicator expected to be met."""
    funds = {k: {"budget_initial": p[k], "budget": p[k], "executed": round(p[k] * rng.uniform(0.2, 0.3), 2),
                 "forecast": p[k]} for k in ("fiscal", "other") if p[k]}
    rows = []
    for r in p["rows"]:
        t = r["target"]
        done = "按计划推进" if r["nature"] == "定性" else t if r["unit"] == "%" else \
            round(t * rng.uniform(0.15, 0.3), 2 if isinstance(t, float) else None)
        rows.append({**r, "actual": done, "forecast": t, "likelihood": "确定能"})
    goal_row = {"expected": None, "progress": "已完成招标和计划分解。"}
    return _form(MON, unit, p, rng, YEAR + 1, rows, {"funds": funds, "goal": goal_row}, month=2, fill_date="2026-02-20",
                 sign_unit=p["leader"])


BUILDERS = {SELF: self_eval, GOAL: goal, MON: monitor}


def status_of(codes) -> str:
    found = {RULES[c].severity for c in codes}
    return next((s for s in SEVERITIES if s in found), "通过")


def _simple(job: Job) -> bool:
    return job.kind in ("clean", "sloppy") and job.defect not in ("wrong_sender", "unknown_unit")


def _mail(job: Job, rng: random.Random, prefix: str = "") -> Mail:
    u = job.unit
    subject = prefix + SUBJECTS[job.form].format(u=u.name, y=YEAR, y1=YEAR + 1) + f"（{job.project['topic']}）"
    sender = u.email
    if job.defect == "wrong_sender":                                                # a personal mailbox
        sender = f"{u.email.split('@')[0]}{rng.randint(1975, 1999)}@mail.example.com"
    body = f"财政局绩效科：\n\n    附件为我单位{TITLES[job.form]}，请审核。\n\n{u.name} {u.person}\n"
    return Mail("msg" if job.defect == "broken_msg" else "eml", sender, u.person, None, subject, body, [job])


class Plan:
    """Everything about the inbox except the bytes (units, files, mails, origins, expectations): no LibreOffice."""

    def __init__(self, seed: int = SEED):
        self.seed, rng = seed, random.Random(seed)
        self.rng, self.jobs, self.used = rng, [], {}
        self.units, silent = make_units(rng)
        self.projects = {u.code: make_projects(u, rng) for u in self.units}
        outsider = Unit("101099", "区青少年活动中心", "区教育局", "101", "魏东", "weidong@edu.example.gov.cn")
        self.projects[outsider.code] = make_projects(outsider, rng)
        active = rng.sample([u for u in self.units if u.code not in silent], len(self.units) - len(silent))
        self.pools = {SELF: active, GOAL: [u for u in active if GOAL in u.forms],
                      MON: [u for u in active if MON in u.forms], "unknown_unit": [outsider],
                      "wrong_form": [u for u in active if u.forms == (SELF,)]}
        self.cursor = dict.fromkeys(self.pools, 0)
        for defect, n, form in MIX:
            for _ in range(n):
                self.job(defect, form)
        mails = []
        for m in rng.sample([_mail(j, rng) for j in self.jobs], len(self.jobs)):
            j = m.jobs[0]                    # a unit sometimes sends two or three projects in one mail
            prev = next((x for x in mails[-6:] if x.sender == m.sender and x.jobs[0].form == j.form
                         and _simple(x.jobs[0])), None)
            if prev and len(prev.jobs) < 3 and _simple(j) and rng.random() < 0.5:
                prev.jobs.append(j)
                prev.subject = SUBJECTS[j.form].format(u=j.unit.name, y=YEAR, y1=YEAR + 1) + f"（{len(prev.jobs)}个项目）"
            else:
                mails.append(m)
        forward = [m for m in mails if m.jobs[0].unit.dept_code == "101" and _simple(m.jobs[0])][:4]
        mails = [m for m in mails if m not in forward]
        when = datetime(2026, 2, 23, 8, 40, tzinfo=CST)
        for m in mails:                      # working hours, Monday 23 February to Friday 6 March 2026
            when += timedelta(minutes=rng.randint(15, 95))
            if when.hour >= 18:
                days = 3 if when.weekday() == 4 else 1                                  # Friday → Monday
                when = when.replace(hour=8, minute=rng.randint(30, 59)) + timedelta(days=days)
            m.date = when
        later = self.follow_ups(mails)
        for i, m in enumerate(rng.sample([m for m in mails if m.kind == "eml"], 34)):
            m.kind = "msg" if i < 24 else "mbox"
        zipped = Mail("zip", "", "", None, "", "", [j for m in forward for j in m.jobs], FORWARD)
        self.mails = sorted(mails + later, key=lambda m: m.date) + [zipped]
        self.name()
        self.superseded = {j.copy_of.origin: j.origin for j in self.jobs if j.kind == "resubmission"}

    def job(self, defect: str, form: str, unit: Unit | None = None, project: dict | None = None) -> Job:
        pool = defect if defect in self.pools else form
        if unit is None:
            unit, self.cursor[pool] = self.pools[pool][self.cursor[pool] % len(self.pools[pool])], self.cursor[pool] + 1
        if project is None:
            n = self.used[unit.code, form] = self.used.get((unit.code, form), -1) + 1
            project = self.projects[unit.code][n % 5]
        d = DEFECTS[defect]
        job = Job(f"J{len(self.jobs) + 1:03d}", defect, form, unit, project, d.kind, d.codes)
        job.clean = BUILDERS[form](unit, project, self.rng)
        job.data = copy.deepcopy(job.clean)
        if d.data:
            d.data(job.data)
        job.name = self.rng.choice(NAMES[form]).format(u=unit.name, t=project["topic"], y=YEAR, y1=YEAR + 1) + ".xlsx"
        self.jobs.append(job)
        return job

    def follow_ups(self, mails: list) -> list:
        """Same bytes again next day; a corrected file two days later (of the unit's latest); broken files resent."""
        last, taken, out = {}, set(), []
        for m in sorted(mails, key=lambda m: m.date):
            last.update({j.unit.code: j for j in m.jobs if j.form == SELF and j.kind not in ("broken", "mail")})
        def fixable(j):
            return DEFECTS[j.defect].data and j.kind == "sloppy" and j.form == SELF and last[j.unit.code] is j

        for kind, prefix, days, pred in [("duplicate", "再次发送：", 1, lambda j: j.defect == "clean" and j.form == SELF),
                                         ("duplicate", "再次发送：", 1, lambda j: j.defect == "missing_reason")] + \
                [("resubmission", "【更正】", 2, fixable)] * 3 + \
                [("resend", "重新发送：", 1, lambda j, d=d: j.defect == d) for d in ("encrypted", "xlsm", "truncated")]:
            m, j = next((m, m.jobs[0]) for m in sorted(mails, key=lambda m: m.date)
                        if len(m.jobs) == 1 and pred(m.jobs[0]) and m.jobs[0].unit.code not in taken)
            taken.add(j.unit.code)
            if kind == "duplicate":
                again = replace(j, key=f"J{len(self.jobs) + 1:03d}", kind=kind, codes=j.codes + ("B006",), copy_of=j)
                self.jobs.append(again)
            else:
                again = self.job("clean", SELF, j.unit, j.project)
                again.data, again.kind, again.copy_of, again.name = copy.deepcopy(j.clean), kind, j, j.name
            out.append(_mail(again, self.rng, prefix))
            out[-1].date = m.date + timedelta(days=days, minutes=self.rng.randint(-90, 90))
        return out

    def name(self) -> None:
        """File names in inbox/, and for every planned file the origin string jixiao.intake reports."""
        n = numbered = 0
        for m in self.mails:
            if m.kind == "zip":
                for j in m.jobs:
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
                j.name = j.name.rsplit(".", 1)[0] + SUFFIX.get(j.defect, ".xlsx")
                inner = f"{SEP}{NESTED}{SEP}{j.unit.name}.zip" if j.defect == "too_deep" else ""
                j.origin = top if j.defect in ("no_attachment", "broken_msg") else f"{top}{SEP}附件 {j.name}{inner}"

    def expected(self) -> dict:
        """What the checker must find, from what was planted: codes and status per file, the units still 未报送."""
        code, name, email = ({getattr(u, k): u for u in self.units} for k in ("code", "name", "email"))
        files, received = {}, set()
        for m in self.mails:
            for j in m.jobs:
                files[j.origin] = {"status": status_of(j.codes), "codes": sorted(j.codes), "defect": j.defect,
                                   "kind": j.kind, "unit": j.unit.code, "form": j.form}
                if j.kind not in ("broken", "mail") and j.defect != "self_made":       # read as a form: counts as sent
                    f = {} if j.defect == "sheet_renamed" else j.data["fields"]
                    who = f.get("unit_code") or f.get("unit_name")
                    u = code.get(f.get("unit_code")) or name.get(f.get("unit_name")) if who else email.get(m.sender)
                    received |= {(u.code, j.form)} if u else set()
        kinds = {k: sum(v["kind"] == k for v in files.values()) for k in sorted({v["kind"] for v in files.values()})}
        return {"seed": self.seed, "files": files, "superseded": self.superseded,
                "summary": {"files": len(files), "by_kind": kinds},
                "missing": [{"unit": u.code, "name": u.name, "department": u.dept, "form": f}
                            for u in self.units for f in u.forms if (u.code, f) not in received],
                "inbox": sorted({m.file for m in self.mails}), "extras": sorted(self.extras())}

    def extras(self) -> dict[str, tuple[str, dict]]:
        """goal/: three approved goal forms; self_eval_example.xlsx: the first one's self-evaluation, a mix of rows."""
        rng, out = random.Random(self.seed + 1), {}
        for dept in ("101", "103", "105"):
            u = rng.choice([u for u in self.units if u.dept_code == dept])
            p = make_projects(u, rng)[0]
            out[f"goal/{u.name}-{p['topic']}-{YEAR}年绩效目标申报表（已批复）.xlsx"] = (GOAL, goal(u, p, rng, YEAR))
            if dept == "101":
                ex = self_eval(u, p, rng)
                row(ex, "count").update(actual=round(row(ex, "count")["target"] * 1.4), low="是",
                                        reason="年初指标值按上年保守设定，实际需求明显增加。")
        return {**out, "self_eval_example.xlsx": (SELF, ex)}


def write_plan(p: Plan, out: Path) -> None:
    """The parts that need no LibreOffice: the roster (xlsx and csv with BOM) and expected.json."""
    from openpyxl import Workbook
    out.mkdir(parents=True, exist_ok=True)
    rows = [COLUMNS] + [(u.code, u.name, u.dept, u.dept_code, u.email, "、".join(TITLES[f] for f in u.forms))
                        for u in p.units]
    text = io.StringIO()
    csv.writer(text, lineterminator="\r\n").writerows(rows)
    (out / "名册.csv").write_bytes(text.getvalue().encode("utf-8-sig"))
    wb, data = Workbook(), io.BytesIO()
    wb.active.title = "名册"
    for r in rows:
        wb.active.append(r)
    for col, width in zip("ABCDEF", (10, 26, 18, 12, 32, 42)):
        wb.active.column_dimensions[col].width = width
    wb.save(data)
    (out / "名册.xlsx").write_bytes(rezip(data.getvalue()))
    text = json.dumps(p.expected(), ensure_ascii=False, indent=1, sort_keys=True)
    (out / "expected.json").write_text(text + "\n", "utf-8")


def _payload(j: Job, b: bytes | None, seed: int) -> bytes:
    from ..spec.layout import load_form
    d, inner = DEFECTS[j.defect], j.name.rsplit(".", 1)[0] + ".xlsx"
    b = d.xml(b, load_form(j.form)) if d.xml else b
    b = d.raw(b, random.Random(f"{seed}:{j.key}"))[0] if d.raw else b
    if j.defect == "broken_zip":
        return (whole := zip_bytes([(inner, b)]))[: len(whole) * 2 // 3]
    if j.defect == "too_deep":
        return zip_bytes([(NESTED, zip_bytes([(f"{j.unit.name}.zip", zip_bytes([(inner, b)]))]))])
    return bomb() if j.defect == "zip_bomb" else b


def build(p: Plan, out: Path) -> None:
    """Fill, recalculate (one LibreOffice call), damage and mail every planned file into out/inbox and out/goal."""
    from ..spec.layout import load_form
    from ..spec.loader import load_profile
    from ..template.fill import fill_workbook
    from ..workbook.recalc import recalculate
    todo = {j.key: (j.form, j.data, j.defect) for j in p.jobs
            if j.kind != "duplicate" and j.defect not in ("no_attachment", "zip_bomb")}
    todo.update({k: (form, data, "clean") for k, (form, data) in p.extras().items()})
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for i, (form_id, data, defect) in enumerate(todo.values()):
            form, d = load_form(form_id), DEFECTS[defect]
            wb = fill_workbook(form, load_profile(d.profile), data)
            (d.book(wb, form, data) if d.book else wb).save(Path(tmp) / f"{i:03d}.xlsx")
            paths.append(Path(tmp) / f"{i:03d}.xlsx")
        books = {k: rezip(f.read_bytes()) for k, f in zip(todo, recalculate(paths, Path(tmp) / "out"))}
    for folder in ("inbox", "goal"):
        shutil.rmtree(out / folder, ignore_errors=True)
        (out / folder).mkdir(parents=True)
    for k in p.extras():
        (out / k).write_bytes(books[k])
    payload = {j.key: _payload(j, books.get(j.key), p.seed) for j in p.jobs if j.kind != "duplicate"}
    payload.update({j.key: payload[j.copy_of.key] for j in p.jobs if j.kind == "duplicate"})
    box, inbox = [], out / "inbox"
    for m in p.mails:
        atts = [(j.name, payload[j.key]) for j in m.jobs if j.defect != "no_attachment"]
        if m.kind == "zip":             # one member name in GBK without the UTF-8 flag, as Windows zip tools write it
            members = [(f"{j.unit.name}/{j.name}", payload[j.key]) for j in m.jobs]
            (inbox / m.file).write_bytes(zip_bytes(members, gbk=frozenset([members[-1][0]])))
        elif m.kind == "mbox":
            box.append((m, eml(m, atts)))
        elif m.kind == "msg":
            data = msg_bytes(m, atts)
            (inbox / m.file).write_bytes(data[: len(data) // 3] if m.jobs[0].defect == "broken_msg" else data)
        else:
            (inbox / m.file).write_bytes(eml(m, atts))
    (inbox / MBOX).write_bytes(mbox(box))


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="生成示例收件箱：名册、报送邮件、预期校验结果")
    ap.add_argument("--out", type=Path, default=Path("samples"))
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--plan-only", action="store_true", help="只写名册和 expected.json（不需要 LibreOffice）")
    args, t0 = ap.parse_args(argv), time.monotonic()
    p = Plan(args.seed)
    write_plan(p, args.out)
    if not args.plan_only:
        build(p, args.out)
    print(f"{len(p.expected()['files'])} 个报送文件，{len(p.mails)} 个邮件/压缩包，用时 {time.monotonic() - t0:.1f} 秒 → {args.out}")


if __name__ == "__main__":
    main()
