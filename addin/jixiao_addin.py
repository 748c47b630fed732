"""jixiao 预算绩效 Excel 加载项（xlwings）：工作表函数 JX_… 和宏，都是 jixiao 库的薄适配层。"""

from __future__ import annotations

import sys
from pathlib import Path

import xlwings as xw

_HERE = str(Path(__file__).resolve().parent)    # on PYTHONPATH in Excel; added here for any other loader
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)

import actions  # noqa: E402
from book import XlwingsBook  # noqa: E402

from jixiao.scoring.api import exec_rate, grade, parse_row_target, score_indicator  # noqa: E402
from jixiao.spec.loader import SpecError, profile_ids  # noqa: E402
from jixiao.workbook.reader import ReadError  # noqa: E402

CATEGORY = "预算绩效"
PROFILE_DOC = f"可选：政策口径（{'、'.join(profile_ids())}），默认 national（全国通用）"


def _v(x):
    """An Excel argument: an empty cell or empty text is 'not given'."""
    return None if x == "" else x


def _p(profile) -> str:
    return _v(profile) or "national"


def _caller_path() -> Path | None:
    full = xw.Book.caller().fullname
    return Path(full) if Path(full).is_absolute() else None


# ---- worksheet functions ------------------------------------------------------------------------------------------

@xw.func(category=CATEGORY)
@xw.arg("nature", doc="指标性质：≥ ＞ ＝ ＜ ≤、定性 或 定量（其他）")
@xw.arg("target", doc="年度指标值：数字（写成“≥50个”也可识别）")
@xw.arg("actual", doc="实际完成值：数字")
@xw.arg("weight", doc="该指标的分值")
@xw.arg("manual", doc="可选：定性得分（定性和“定量（其他）”指标填写）")
@xw.arg("low", doc="可选：指标值设定偏低（是/否）")
@xw.arg("profile", doc=PROFILE_DOC)
@xw.arg("unit", doc="可选：度量单位（为 % 时，写成 96% 的完成值按 96 计算）")
def JX_SCORE(nature, target, actual, weight, manual=None, low=None, profile="national", unit=None):
    """按政策口径计算一项绩效指标的得分；未评分时返回空白（不是0分）。"""
    r = score_indicator(_v(target), _v(actual), _v(weight), nature=_v(nature), manual=_v(manual), low=_v(low),
                        unit=_v(unit), profile=_p(profile))
    return "" if r.score is None else r.score


@xw.func(category=CATEGORY)
@xw.arg("total", doc="总分")
@xw.arg("profile", doc=PROFILE_DOC)
def JX_GRADE_OF(total, profile="national"):
    """按政策口径的等级线给出总分对应的等级（优/良/中/差）；总分不是数字时返回空白。"""
    return grade(_v(total), _p(profile)) or ""


@xw.func(category=CATEGORY)
@xw.arg("budget", doc="全年预算数")
@xw.arg("executed", doc="全年执行数")
@xw.arg("profile", doc=PROFILE_DOC)
def JX_EXEC_RATE(budget, executed, profile="national"):
    """预算执行率（执行数÷预算数，按口径位数四舍五入）；无法计算时返回空白。"""
    rate = exec_rate(_v(budget), _v(executed), _p(profile))
    return "" if rate is None else rate


@xw.func(category=CATEGORY)
@xw.arg("text", doc="写在一个单元格里的指标值，如“≥50个”“≤90万元”")
def JX_PARSE_TARGET(text):
    """把“≥50个”拆成一行三格：指标性质、数值、单位；无法识别时第一格是问题说明。"""
    nature, value, unit, problem = parse_row_target(_v(text))
    return [problem, "", ""] if problem else [nature or "", "" if value is None else value, unit or ""]


@xw.func(category=CATEGORY)
@xw.arg("rows", "range", doc="可选：指标行区域（列顺序同模板指标表：一级指标…偏差原因分析及改进措施）；省略则校验本工作簿")
@xw.arg("profile", doc="可选：政策口径；省略时用模板记录的口径（校验区域时为 national）")
def JX_CHECK(rows=None, profile=None):
    """校验本工作簿（最近一次保存的内容）或所选指标行，返回问题清单：严重程度、单元格、项目、问题说明、规则。"""
    if rows is None:
        return actions.check_file(_caller_path(), _v(profile))
    values, origin = actions.range_parts(rows)
    return actions.check_rows(values, _p(profile), origin)


@xw.func(category=CATEGORY)
@xw.arg("profile", doc=PROFILE_DOC)
def JX_PROFILE_INFO(profile="national"):
    """列出政策口径的主要参数：名称、依据、权重、等级线、超额阈值、反向口径、执行率位数。"""
    return actions.profile_info(_p(profile))


# ---- macros (scripts): each runs one action on the calling workbook and reports in a message box ----------------

def _run(action) -> None:
    book = XlwingsBook(xw.Book.caller())
    try:
        text = action(book)
    except (actions.AddinError, ReadError, SpecError) as e:
        text = getattr(e, "message", None) or str(e)
    book.alert(text)


@xw.script
def jixiao_validate():
    """校验本工作簿：问题清单写入「校验结果」工作表，点击单元格地址可跳到出错位置。"""
    def go(b):
        report = actions.validate_workbook(b)
        return f"校验完成：{report.status}，共 {len(report.findings)} 项问题。详见「{actions.CHECK_SHEET}」工作表。"
    _run(go)


@xw.script
def jixiao_scores():
    """计算得分：每项指标得分、总分和等级写入「计算结果」工作表。"""
    def go(b):
        r = actions.compute_scores(b)
        total = r["total"] if r["total"] is not None else "（未算出）"
        return f"总分 {total}，等级 {r['grade'] or '（未定）'}。详见「{actions.SCORE_SHEET}」工作表。"
    _run(go)


@xw.script
def jixiao_export_json():
    """导出JSON：把表单数据保存为工作簿旁边的同名 .json 文件。"""
    _run(lambda b: f"已导出：{actions.export_json(b)}")


@xw.script
def jixiao_consolidate():
    """汇总文件夹：选择各单位工作簿所在的文件夹，生成部门汇总工作簿。"""
    def go(b):
        folder = b.ask_folder("选择各单位工作簿所在的文件夹")
        return f"已生成汇总工作簿：{actions.consolidate(folder)}" if folder else "已取消。"
    _run(go)


@xw.script
def jixiao_import_last_year():
    """从上年导入：选择上年的工作簿，把指标（一级/二级/三级指标、性质、指标值、单位）填入本表。"""
    def go(b):
        source = b.ask_file("选择上年的工作簿")
        if not source:
            return "已取消。"
        r = actions.import_last_year(b, source)
        rest = f"，另有 {r['skipped']} 行超出本表行数未导入。" if r["skipped"] else "。"
        return f"已从上年的「{r['source']}」导入 {r['imported']} 行指标{rest}请核对后填写本年度数值。"
    _run(go)


@xw.script
def jixiao_self_eval_report():
    """生成自评报告：为本工作簿（项目支出绩效自评表）在同一文件夹写出项目支出绩效自评报告（Word）。"""
    _run(lambda b: f"已生成自评报告：{actions.self_eval_report(b)}（黄色的“待撰写”处请补充后定稿）")


SCRIPTS = {"校验本工作簿": jixiao_validate, "计算得分": jixiao_scores, "导出JSON": jixiao_export_json,
           "汇总文件夹": jixiao_consolidate, "从上年导入": jixiao_import_last_year,
           "生成自评报告": jixiao_self_eval_report}
UDFS = (JX_SCORE, JX_GRADE_OF, JX_EXEC_RATE, JX_PARSE_TARGET, JX_CHECK, JX_PROFILE_INFO)
