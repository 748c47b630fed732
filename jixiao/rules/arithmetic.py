"""Arithmetic rules: a template formula overwritten by a typed value, and cached results that disagree with the rules."""

from __future__ import annotations

from ..scoring.engine import Evaluation
from ..scoring.excel import is_number
from ..scoring.sheet import same
from ..workbook.reader import FormRead
from .finding import Finding
from .labels import cell_label
from .registry import rule

BASIS = "模板中的公式单元格已锁定，其结果由评分规则计算；改写公式或结果即与规则不符"
MSG = "「{label}」表内为 {value}，按规则应为 {expected}"

rule("S009", "强制", "公式被改写为数值", BASIS, "「{label}」原为公式，现被改写为数值 {value}，请恢复模板公式（可重新使用下发模板）")
rule("A001", "强制", "计算结果与规则不符", BASIS, MSG)
rule("A002", "强制", "合计数与各项之和不符", "财预〔2015〕88号：资金总额应等于财政拨款和其他资金之和", MSG)
rule("A003", "强制", "预算执行率与执行数、预算数不符", "财预〔2020〕10号：执行率 = 全年执行数/全年预算数", MSG)
rule("A004", "强制", "等级与总分不符", "财预〔2020〕10号：90（含）以上优、80（含）以上良、60（含）以上中、60以下差", MSG)
rule("A005", "强制", "总分与各项得分之和不符", "财预〔2020〕10号：总分为各项指标得分汇总", MSG)
rule("A006", "强制", "指标得分与评分规则不符", "财预〔2020〕10号：定量指标按完成比例计分；宁财绩〔2020〕260号 第二十四条", MSG)
rule("A007", "强制", "预算执行率得分与规则不符", "财预〔2020〕10号：执行率得分 = 执行率 × 分值，最高不超过分值", MSG)

CALC_CODES = {"sum": "A002", "exec_rate": "A003", "grade": "A004", "total_score": "A005",
              "indicator_score": "A006", "exec_score": "A007"}


def arithmetic_findings(fr: FormRead, ev: Evaluation, expected_formulas: dict[str, object], file: str) -> list[Finding]:
    """expected_formulas: computed cell id → what the template holds there ('=…' or a constant)."""
    out = []
    calculated = any(v is not None for cid, v in fr.cached.items() if fr.formulas.get(cid))
    for cid, cell in fr.form.cells.items():
        if not cell.is_calc or cell.props.get("format") == "flag":
            continue
        cached, mine = fr.cached.get(cid), ev.value(cid)
        where = dict(file=file, sheet=cell.sheet, cell=cell.coord, label=cell_label(fr, cell))
        template = expected_formulas.get(cid)
        if isinstance(template, str) and template.startswith("=") and not fr.formulas.get(cid) and cached is not None:
            out.append(Finding("S009", value=cached, **where))
        elif not calculated or cached is None:
            continue
        if not same(cached, mine):
            diff = float(cached) - float(mine) if is_number(cached) and is_number(mine) else None
            out.append(Finding(CALC_CODES.get(cell.props["calc"], "A001"), value=cached,
                               expected=None if mine == "" else mine, difference=diff, **where))
    return out
