"""绩效评价报告 and the 宁财绩〔2020〕260号 letters around it (附件1 通知书, 附件5 征求意见书, 附件7 呈报报告), from a
绩效评价指标体系及分析工作底稿 workbook and the bureau's options (name, dates); the wording follows the 评价对象类型
(项目、政策、部门整体: 260号 第十四条、第二十九条) and the 评价类型 (自评价、再评价 name the report)."""

from __future__ import annotations

from dataclasses import dataclass

from ..scoring.calcs.evaluation import DEPARTMENT, RECTIFY_GRADES
from . import charts
from .render import Chart
from .source import FormValues, load
from .text import (amount, blank, clause, date_text, joined, listing, pending, percent, plain, score, sentence, text)

FORM = "evaluation"
NUMERALS = "一二三四五六七八九十"


@dataclass(frozen=True)
class Words:
    """How a report speaks of one 评价对象类型; `focus` is 宁财绩〔2020〕260号 第十四条 on what its evaluation weighs."""
    overview: str           # 一（一）heading
    goals: str              # 一（二）heading
    funds: str              # what the 资金规模 cell holds
    scope: str              # 评价范围, {} = 评价年度
    focus: str
    background: str         # 【待撰写】 under 一（一）
    goal_prompt: str        # 【待撰写】 under 一（二）
    achievements: str       # 【待撰写】 in the 呈报报告
    other: str              # 【待撰写】 under 七


WORDS = {
    "项目": Words("项目概况", "项目绩效目标", "项目资金", "{}年度项目资金的管理和使用情况",
                "财政项目绩效评价重点关注项目立项、资金使用、管理制度建设和执行、项目预期目标实现等，分析项目的质量、时效、"
                "成本、效益等",
                "项目立项背景、主要内容及实施情况，资金投入和使用情况", "项目总体目标和阶段性目标",
                "项目实施取得的主要产出和效益",
                "其他需要说明的问题（没有的可删除本节）"),
    "政策": Words("政策概况", "政策绩效目标", "政策资金", "{}年度政策资金的安排、使用和政策实施情况",
                "财政政策绩效评价重点关注财政政策制定、实施、政策效果等，分析财政政策的相关性、效率性、效益性、公平性、"
                "可持续性等",
                "政策设立背景和依据、主要内容及实施情况，政策资金投入和使用情况", "政策总体目标和阶段性目标",
                "政策实施取得的主要产出和效果",
                "其他需要说明的问题（没有的可删除本节）"),
    DEPARTMENT: Words("部门（单位）概况", "部门（单位）整体绩效目标", "预算支出",
                      "{}年度部门（单位）预算收支、资产和业务活动情况",
                      "部门整体绩效评价涵盖其预算收支，围绕部门（单位）职责、行业发展规划，以预算资金管理为主线，统筹考虑资产和"
                      "业务活动，从运行成本、管理效率、履职效能、社会效应、可持续发展能力和服务对象满意度等方面，衡量部门（单位）"
                      "整体及核心业务实施效果",
                      "部门（单位）职能职责、机构设置和人员编制情况，年度主要任务，预算收支和资产情况",
                      "部门（单位）年度总体绩效目标和主要任务目标",
                      "部门（单位）履职取得的主要产出和效果",
                      "所属单位评价情况；管理专项资金的，专项资金绩效情况（另撰分报告，参照项目和政策的报告格式）"),
}
REPORT_NAMES = {"自评价": "绩效自评价报告", "再评价": "绩效再评价报告"}     # otherwise 绩效评价报告


def words(get) -> Words:
    """The wording of the workbook's 评价对象类型 (blank or unknown: 项目, as the form treats it)."""
    return WORDS.get(get("object_type"), WORDS["项目"])


def report_name(get) -> str:
    """区民政局部门整体绩效评价报告, 2025年度城乡低保资金绩效自评价报告, 【待撰写：评价对象】绩效评价报告."""
    name = plain(get("object_name"))
    dept = get("object_type") == DEPARTMENT and "部门整体" not in (name or "")
    return (name or "") + ("部门整体" if dept else "") + REPORT_NAMES.get(get("eval_type"), "绩效评价报告")


@dataclass
class Letter:
    """What the bureau adds to the workbook for its letters; blank → 【待撰写】 in the document."""
    bureau: str | None = None         # 财政局（评价组织单位）名称
    date: str | None = None           # 成文日期
    start: str | None = None          # 评价工作开始日期
    end: str | None = None            # 评价工作结束日期
    reply_by: str | None = None       # 征求意见回复期限
    to: str | None = None             # 呈报对象（如 区委、区政府）
    contact: str | None = None        # 联系人及电话


def _groups(fv: FormValues) -> list[dict]:
    """The 一级指标汇总 grid: label, weight, score, rate, count (rows with any indicator)."""
    out = []
    for row in fv.fr.form.grids["summary"]["rows"]:
        g = {k: fv.get(f"summary.{row['key']}.{k}") for k in ("weight", "score", "rate", "count")}
        if g["count"]:
            out.append({"label": row["label"], **g})
    return out


def group_sentence(g: dict) -> str | None:
    """决策类指标共4项，权重20分，得分18.00分，得分率90.00%。"""
    return sentence(clause("{}类指标共{}项", g.get("label"), plain(g.get("count"))),
                    clause("权重{}分", plain(g.get("weight"))), clause("得分{}分", score(g.get("score"))),
                    clause("得分率{}", percent(g.get("rate"))))


def deduction(row: dict):
    """「预算执行率」扣0.38分：reason (or a mark asking for it); None when not deducted."""
    s, w = row.get("score"), row.get("weight")
    if not (isinstance(s, (int, float)) and isinstance(w, (int, float)) and s < w):
        return None
    head = f"「{plain(row.get('name')) or '未填名称'}」（权重{plain(w)}分）扣{score(w - s)}分："
    return text(head) + text(row.get("reason"), "扣分原因")


def _row(r: dict) -> dict:
    return {k: text(plain(r.get(k))) for k in ("level1", "level2", "name", "explain", "standard", "kind", "target",
                                               "actual", "tier", "reason")} | {
        "weight": plain(r.get("weight")) or "", "score": score(r.get("score")) or ""}


def conclusion_sentence(get) -> str | None:
    """经综合评价，…绩效评价总分…分，评价等级为“…”。"""
    result = joined(clause("总分{}分", score(get("total_score"))), clause("评价等级为“{}”", get("grade")))
    if result is None:
        return None
    name = plain(get("object_name"))
    return f"经综合评价，{name}绩效评价{result}。" if name else f"经综合评价，绩效评价{result}。"


def overview_sentence(get) -> str | None:
    """2025年度城乡低保资金的主管部门为区民政局，项目资金1,268.40万元。 (区民政局预算支出8,652.30万元。 when the
    object is the department itself)"""
    obj, dept, w = plain(get("object_name")), plain(get("department")), words(get)
    if obj and obj == dept:
        return sentence(clause(obj + w.funds + "{}万元", amount(get("funds"))))
    return sentence(clause("{}的主管部门为{}", obj, dept), clause(w.funds + "{}万元", amount(get("funds"))))


def system_sentence(fv: FormValues, groups: list[dict]) -> str | None:
    """指标体系共设一级指标4个、三级指标15个，权重：决策20分、…；产出、效益（部门整体：效果）指标权重合计占60.00%。"""
    pair = "产出、效果" if fv.get("object_type") == DEPARTMENT else "产出、效益"
    weights = listing([f"{g['label']}{plain(g['weight'])}分" for g in groups if g.get("weight") is not None])
    return sentence(clause("评价指标体系共设一级指标{}个、三级指标{}个", len(groups) or None,
                           len(fv.rows("indicators")) or None),
                    clause("权重分别为{}", weights), clause("权重合计{}分", plain(fv.get("weight_total"))),
                    clause(pair + "指标权重合计占{}", percent(fv.get("output_effect_share"))))


def process_sentence(papers: list[dict]) -> str | None:
    """评价工作组共形成分析工作底稿…份，核查方法包括…，核查时间为…至…，参与核查…人。"""
    methods: list[str] = []
    for p in papers:
        for m in str(p.get("method") or "").replace("，", "、").replace(",", "、").split("、"):
            if m.strip() and m.strip() not in methods:
                methods.append(m.strip())
    dates = sorted(str(p["date"])[:10] for p in papers if not blank(p.get("date")))
    people = {str(p["checker"]).strip() for p in papers if not blank(p.get("checker"))}
    span = (date_text(dates[0]) if dates[0] == dates[-1] else f"{date_text(dates[0])}至{date_text(dates[-1])}") \
        if dates else None
    return sentence(clause("评价工作组共形成分析工作底稿{}份", len(papers) or None),
                    clause("核查方法包括{}", listing(methods)), clause("核查时间为{}", span),
                    clause("参与核查{}人", len(people) or None))


def results_text(get) -> str | None:
    grade, use = get("results_grade") or get("grade"), get("results_use")
    if blank(grade):
        return None
    first = sentence(clause("根据评价结果，评价等级为“{}”", grade), clause("结果应用建议为“{}”", use))
    if grade in RECTIFY_GRADES:
        first += f"被评价单位须制定整改措施，在收到评价结果后{plain(get('rectify_days'))}天内完成整改并报送整改情况。"
    return first


def base(path, profile=None, letter: Letter | None = None) -> dict:
    """What every document of this form shows: the evaluation's header, totals and the bureau's options."""
    fv = load(path, FORM, profile)
    get = fv.get
    lt = letter or Letter()
    rows = fv.rows("indicators")
    w = words(get)
    name = report_name(get)
    return {
        "_fv": fv, "_rows": rows, "_words": w,
        "title": name if get("object_name") else pending("评价对象") + name,
        "object_name": text(get("object_name"), "评价对象"), "eval_type": text(get("eval_type"), "评价类型"),
        "year": text(plain(get("year")), "评价年度"), "evaluator": text(get("evaluator"), "评价机构"),
        "department": text(get("department"), "被评价部门（单位）"), "funds": text(amount(get("funds")), w.funds),
        "funds_label": w.funds, "focus": w.focus,
        "total_score": text(score(get("total_score")), "总分（指标体系尚未评分完毕）"),
        "grade": text(get("grade"), "评价等级（指标体系尚未得出等级）"),
        "bureau": text(lt.bureau, "财政部门名称"), "date": text(date_text(lt.date), "日期"),
        "start": text(date_text(lt.start), "开始日期"), "end": text(date_text(lt.end), "结束日期"),
        "reply_by": text(date_text(lt.reply_by), "回复期限"), "to": text(lt.to, "呈报机关（如 市委、市政府）"),
        "contact": text(lt.contact, "联系人及电话"),
        "deductions": [d for d in map(deduction, rows) if d],
        "results": text(results_text(get), "结果应用（指标体系尚未得出等级）"),
    }


def report_context(path, profile=None, letter: Letter | None = None) -> dict:
    """绩效评价报告（附件6；财预〔2020〕10号 附3 提纲）."""
    c = base(path, profile, letter)
    fv, rows, w = c.pop("_fv"), c.pop("_rows"), c.pop("_words")
    get, groups, papers = fv.get, _groups(fv), fv.rows("papers")
    sections = []
    for i, g in enumerate(groups):
        members = [r for r in rows if r.get("level1") == g["label"]]
        found = [d for d in map(deduction, members) if d]
        if not found:
            scored = all(isinstance(r.get("score"), (int, float)) for r in members)
            found = [text(f"{g['label']}类指标均得满分。") if scored else pending(f"{g['label']}类指标分析")]
        sections.append({"heading": f"（{NUMERALS[i]}）{g['label']}", "sentence": text(group_sentence(g)),
                         "rows": [_row(r) for r in members], "deductions": found})
    summary = [{"label": g["label"], "weight": plain(g["weight"]) or "", "score": score(g["score"]) or "",
                "rate": percent(g["rate"]) or "", "count": plain(g["count"]) or ""} for g in groups]
    chart = Chart(charts.paired_bars([g["label"] for g in groups], [g["weight"] or 0 for g in groups],
                                     [g["score"] or 0 for g in groups], ("权重", "得分"), "各一级指标权重与得分")) \
        if groups else pending("图表：指标体系没有可绘制的权重和得分")
    return c | {
        "overview_heading": w.overview, "goals_heading": w.goals, "background": pending(w.background),
        "goals": pending(w.goal_prompt), "other": pending(w.other),
        "overview": text(overview_sentence(get), w.overview),
        "scope": text(sentence(clause("本次评价为{}", plain(get("eval_type"))),
                               clause("评价对象为{}", plain(get("object_name"))),
                               clause("评价范围为" + w.scope, plain(get("year")))), "评价对象和范围"),
        "system": text(system_sentence(fv, groups), "评价指标体系"),
        "process": text(process_sentence(papers), "评价工作过程"),
        "conclusion": text(conclusion_sentence(get), "综合评价结论（指标体系尚未评分完毕）"),
        "summary": summary, "weight_total": plain(get("weight_total")) or "", "chart": chart,
        "sections": sections, "indicators": [_row(r) for r in rows],
        "problems": c["deductions"] or [pending("存在的问题及原因分析")],
        "suggestions": text(get("rectify_measures"), "有关建议"),
        "papers": [{k: text(plain(p.get(k))) for k in ("code", "name", "content", "method", "finding", "checker")}
                   | {"date": text(date_text(p.get("date")))} for p in papers],
        "report_date": text(date_text(letter.date if letter else None) or date_text(get("score_date")), "报告日期"),
    }


def notice_context(path, profile=None, letter: Letter | None = None) -> dict:
    """重点评价通知书（附件1）."""
    c = base(path, profile, letter)
    c.pop("_fv"), c.pop("_rows"), c.pop("_words")
    return c


def comments_context(path, profile=None, letter: Letter | None = None) -> dict:
    """征求意见书（附件5）."""
    c = base(path, profile, letter)
    fv = c.pop("_fv")
    c.pop("_rows"), c.pop("_words")
    draft = joined(clause("评价得分{}分", score(fv.get("total_score"))), clause("评价等级为“{}”", fv.get("grade")))
    return c | {"draft": text(f"（{draft}）" if draft else None)}


def submission_context(path, profile=None, letter: Letter | None = None) -> dict:
    """呈报绩效评价情况的报告（附件7）."""
    c = base(path, profile, letter)
    fv, w = c.pop("_fv"), c.pop("_words")
    c.pop("_rows")
    groups = _groups(fv)
    rates = listing([f"{g['label']}{percent(g['rate'])}" for g in groups if g.get("rate") is not None])
    return c | {
        "conclusion": text(conclusion_sentence(fv.get), "评价结论（指标体系尚未评分完毕）"),
        "rates": text(sentence(clause("各类指标得分率分别为：{}", rates))),
        "problems": c["deductions"] or [pending("存在的主要问题")], "achievements": pending(w.achievements),
    }
