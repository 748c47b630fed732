"""Reproducible synthetic form data for any form spec: realistic fillings and the edge cases the rules must survive."""

from __future__ import annotations

import datetime as dt
import random
import re
from decimal import Decimal
from functools import lru_cache

from jixiao.spec.data import to_data
from jixiao.spec.layout import Cell, Form
from jixiao.spec.loader import enums, load_profile

CASES: tuple[str, ...] = (
    "random", "blank", "partial", "target_zero", "reverse", "rounding", "over", "qualitative", "dirty", "typed",
)

# ---- realistic vocabulary -----------------------------------------------------------------------------------------

_PLACES = ("玄武区", "秦淮区", "江宁区", "浦口区", "朝阳区", "海淀区", "武侯区", "锦江区", "某某区", "高新区", "某某县")
_AGENCIES = ("教育局", "民政局", "卫生健康委员会", "农业农村局", "交通运输局", "住房和城乡建设局",
             "人力资源和社会保障局", "文化和旅游局", "生态环境局", "水务局", "市场监督管理局")
_UNITS = ("实验小学", "第一中学", "社会福利院", "疾病预防控制中心", "农村公路管理站", "职业技能鉴定中心",
          "文化馆", "环境监测站", "河道管理所", "食品药品检验所", "救助管理站")
_TOPICS = ("城乡低保资金", "义务教育薄弱环节改善与能力提升补助资金", "农村公路养护专项资金",
           "基层医疗卫生机构能力建设项目", "老旧小区改造补助资金", "高标准农田建设项目", "公共文化服务体系建设专项", "困难群众救助补助资金",
           "职业技能提升行动培训补贴", "城市绿化养护经费", "中小学校舍维修改造项目", "食品安全抽检经费",
           "河道综合整治工程", "社区居家养老服务补贴")
_PEOPLE = ("张伟", "王芳", "李娜", "刘洋", "陈静", "杨帆", "赵磊", "黄敏", "周杰", "吴霞", "徐明", "孙丽")
_GOALS = ("完成全区中小学校舍维修改造，改善办学条件，保障师生安全。", "按时足额发放低保金，保障困难群众基本生活。",
          "完成农村公路日常养护，优良路率稳步提升，群众出行更加安全便捷。",
          "开展职业技能培训，提升劳动者就业能力，带动就业。", "完成河道清淤和岸坡整治，水质持续改善。")
_REASONS = ("受项目招投标进度影响，部分工程未按期完工，下一步将加强计划管理、倒排工期。",
            "年初指标值设定偏保守，下一年度将结合往年完成情况科学设定。",
            "部分资金下达较晚，支付进度滞后，将加快资金拨付。", "服务对象需求变化，实际受益人数低于预期，将加强前期调研。")
_NOTES = ("按年度工作计划测算", "依据上年实际完成数并适度提高", "按服务对象抽样调查结果计算", "以主管部门验收结论为准")
_BASIS = ("计划标准：年度工作计划；数据来源：业务统计台账", "历史标准：近三年平均完成数；数据来源：年度统计报表",
          "行业标准：国家相关技术规范；数据来源：第三方检测报告", "其他标准：满意度问卷调查；数据来源：问卷统计")
_QUAL_TARGETS = ("明显改善", "有效提升", "逐步健全", "持续向好", "得到有效保障")
_QUAL_ACTUALS = ("已明显改善", "有所提升", "基本建立", "持续向好", "基本达成", "效果不明显")
_OTHER_TARGETS = ("较上年有所提高", "不低于全市平均水平", "逐年下降", "保持稳定")
_OTHER_ACTUALS = ("较上年提高3.2%", "高于全市平均水平", "略有下降", "基本稳定")

# (一级, 二级) -> [(三级指标, 度量单位, 指标性质, 指标值)]; 指标值 ("int", lo, hi) | ("pct", lo, hi) | ("num", lo, hi, 位数)
# | a fixed number | None (定性 or 定量（其他）: words)
_INDICATORS: dict[tuple[str, str], list[tuple]] = {
    ("产出指标", "数量指标"): [
        ("培训人次", "人次", "≥", ("int", 200, 5000)), ("救助困难群众人数", "人", "≥", ("int", 500, 20000)),
        ("养护农村公路里程", "公里", "≥", ("num", 20, 300, 1)), ("新建改建校舍面积", "平方米", "≥", ("int", 1000, 30000)),
        ("食品安全抽检批次", "批次", "≥", ("int", 100, 3000)), ("发放补贴户数", "户", "≥", ("int", 100, 8000)),
        ("建设高标准农田面积", "万亩", "≥", ("num", 0.5, 20, 2))],
    ("产出指标", "质量指标"): [
        ("验收合格率", "%", "≥", ("pct", 90, 100)), ("培训考核合格率", "%", "≥", ("pct", 85, 98)),
        ("资金发放准确率", "%", "＝", 100), ("工程质量一次验收合格率", "%", "≥", ("pct", 95, 100)),
        ("公路优良路率", "%", "≥", ("pct", 75, 90))],
    ("产出指标", "时效指标"): [
        ("按时完成率", "%", "≥", ("pct", 95, 100)), ("资金拨付及时率", "%", "≥", ("pct", 90, 100)),
        ("项目完工时限", "月", "≤", ("int", 6, 12)), ("补贴发放周期", "天", "≤", ("int", 15, 60))],
    ("产出指标", "成本指标"): [
        ("人均培训成本", "元", "≤", ("int", 300, 1500)), ("单位面积改造成本", "元/平方米", "≤", ("int", 800, 3000))],
    ("成本指标", "经济成本指标"): [
        ("项目总成本", "万元", "≤", ("num", 50, 2000, 2)), ("单公里养护成本", "万元/公里", "＜", ("num", 0.5, 5, 2))],
    ("成本指标", "社会成本指标"): [
        ("安全责任事故发生次数", "次", "＝", 0), ("群众信访投诉件数", "件", "≤", ("int", 1, 10))],
    ("成本指标", "生态环境成本指标"): [
        ("施工扬尘投诉次数", "次", "≤", ("int", 1, 5)), ("建筑垃圾资源化利用率", "%", "≥", ("pct", 60, 90))],
    ("效益指标", "经济效益指标"): [
        ("带动就业人数", "人", "≥", ("int", 50, 2000)), ("带动农户增收", "万元", "≥", ("num", 10, 500, 2))],
    ("效益指标", "社会效益指标"): [
        ("困难群众基本生活保障率", "%", "≥", 100), ("学生就学条件", "", "定性", None),
        ("政策知晓率", "%", "≥", ("pct", 80, 95)), ("群众安全出行条件", "", "定性", None)],
    ("效益指标", "生态效益指标"): [
        ("河道断面水质达标率", "%", "≥", ("pct", 80, 95)), ("新增绿化面积", "平方米", "＞", ("int", 500, 20000)),
        ("周边生态环境", "", "定性", None)],
    ("效益指标", "可持续影响指标"): [
        ("长效管护机制", "", "定性", None), ("设施正常使用年限", "年", "≥", ("int", 5, 20)),
        ("受益群众收入水平", "", "定量（其他）", None)],
    ("满意度指标", "服务对象满意度指标"): [
        ("受益群众满意度", "%", "≥", ("pct", 85, 95)), ("参训学员满意度", "%", "≥", ("pct", 85, 95)),
        ("学生及家长满意度", "%", "≥", ("pct", 85, 95)), ("服务对象满意度", "%", "≥", ("pct", 80, 95))],
}
# 财预〔2020〕10号 附2 共性指标体系：一级 -> [(二级, 三级)]
_EVAL_INDICATORS = {
    "决策": [("项目立项", "立项依据充分性"), ("项目立项", "立项程序规范性"), ("绩效目标", "绩效目标合理性"),
           ("绩效目标", "绩效指标明确性"), ("资金投入", "预算编制科学性"), ("资金投入", "资金分配合理性")],
    "过程": [("资金管理", "资金到位率"), ("资金管理", "预算执行率"), ("资金管理", "资金使用合规性"),
           ("组织实施", "管理制度健全性"), ("组织实施", "制度执行有效性")],
    "产出": [("产出数量", "实际完成率"), ("产出质量", "质量达标率"), ("产出时效", "完成及时性"), ("产出成本", "成本节约率")],
    "效益": [("项目效益", "社会效益"), ("项目效益", "经济效益"), ("项目效益", "生态效益"), ("项目效益", "可持续影响"),
           ("项目效益", "服务对象满意度")],
    # 部门整体 (财预〔2013〕53号)
    "投入": [("目标设定", "绩效目标合理性"), ("预算配置", "在职人员控制率"), ("预算配置", "“三公经费”变动率")],
    "效果": [("履职效益", "社会效益"), ("履职效益", "经济效益"), ("社会公众或服务对象满意度", "服务对象满意度")],
}
# enum of a level1 column -> its (二级, 三级) names
_LEVEL_VOCAB = {"evaluation_level1": _EVAL_INDICATORS, "evaluation_level1_choices": _EVAL_INDICATORS}
_PERSON_KEYS = ("leader", "sign", "filler", "person", "reviewer", "assessor", "evaluator", "checker")
_METHODS = ("现场勘查", "资料核查", "问卷调查", "访谈", "数据分析", "资料核查、访谈")
_DIRTY_NUMBERS = ("1,200万元", "95%", "≥50个", "５０", "**人", "—", "-", "约100", "100.5万", "≥95％", "1,2,3", "＞90%",
                  "不少于200人", "xx万元", "指标1", " 60 ", "50-80", "=1+1", "无", "10分", "３０.５")
_ROW_KEYS = ("level1", "level2", "name", "nature", "target", "unit", "actual", "tier", "weight", "manual", "low",
             "reason", "forecast")
# Typed the way a spreadsheet lets people type (case "typed"): one cell holding symbol + number + unit, full-width
# digits, spaces, and shapes the template must not split (ranges, two numbers, no digit at all).
_TYPED_TARGETS = ("≥50个", "≥５０个", "50个", "≥50", "５０", "1,200万元", "≥95％", "＞＝50个", "≥ 50 个", "50-80", "1.2.3个",
                  "≤90万元", "=8个", "≥100百分比", "≧60%", "═100%", "３０．５", "约100", "≥", "个", " 60 ", ".5个", ",5个",
                  "≥,个", "＜0.5%", "≦3次", "50个≥", "≥≥50", "≥50个/年", "９６％", "1e3个")
_TYPED_VALUES = ("52个", "５２", " 60 ", "96%", "９６％", "≥50", "已完成", "1,200", "３０．５", "５", "10分", "约8")
_ORDERED = {"tiers", "ratings"}         # enums listed from best to worst; chosen to match a row's score when known
_BANDS = {3: (0.8, 0.6), 4: (0.9, 0.8, 0.6)}


@lru_cache(maxsize=1)
def _national_weights() -> dict:
    return load_profile("national")["weights"]


def _r2(x: float, dp: int = 2) -> float:
    """x rounded to dp places on its shortest decimal form: the number a person would type."""
    return float(round(Decimal(repr(x)), dp))


def _options(props: dict) -> list[str]:
    """Allowed words of a free-text cell, from its validation formula ({kind}="定量") or help (填写“A”或“B”)."""
    found = re.findall(r'\}="([^"]+)"', props.get("validate", {}).get("formula", ""))
    help_ = props.get("help", "")
    if not found and "或" in help_ and help_.startswith("填写"):
        found = re.findall(r"“([^”]{1,12})”", help_)
    return found


def _is_num(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


class _Gen:
    def __init__(self, form: Form, rng: random.Random, case: str):
        self.form, self.rng, self.case, self.e = form, rng, case, enums()
        self.inputs: dict[str, object] = {}
        self.year = rng.randint(2023, 2026)
        self.topic = rng.choice(_TOPICS)
        self.place = rng.choice(_PLACES)

    # ---- one value of a cell, by its key and type ------------------------------------------------------------------

    def value(self, cell: Cell):
        rng, key, props = self.rng, cell.key, cell.props
        t = props.get("type", "text")
        if t == "enum":
            return rng.choice(self.e[props["enum"]])
        if t == "integer":
            lo, hi = props.get("min"), props.get("max")
            if key == "year" or (lo is not None and lo >= 1900):
                return self.year
            lo = int(lo) if lo is not None else 0
            return rng.randint(lo, int(hi) if hi is not None else lo + rng.choice((12, 100, 500)))
        if t == "number":
            hi = props.get("max")
            return _r2(rng.uniform(props.get("min") or 0, hi)) if hi is not None else _r2(rng.uniform(1, 2000))
        if t == "date":
            return (dt.date(self.year + 1, 1, 1) + dt.timedelta(days=rng.randint(0, 89))).isoformat()
        if t == "any":
            return rng.choice((_r2(rng.uniform(1, 100)), rng.choice(_QUAL_TARGETS)))
        if t == "text" and _options(props):
            return rng.choice(_options(props))
        if key == "method":
            return rng.choice(_METHODS)
        if "code" in key:
            return rng.choice(("1", "2", "3")) + f"{rng.randint(0, 99):02d}" + f"{rng.randint(1, 999):03d}"
        if key in ("project_name", "object_name"):
            return f"{self.year}年{self.topic}"
        if key == "department" or key.endswith("_unit") and "sign" not in key:
            return f"{self.place}{rng.choice(_AGENCIES)}"
        if key == "unit_name":
            return f"{self.place}{rng.choice(_UNITS)}"
        if key == "contact":
            return f"{rng.choice(_PEOPLE)} 1{rng.randint(3, 9)}{rng.randint(0, 999999999):09d}"
        if "period" in key:
            return rng.choice((f"{self.year}年", f"{self.year}—{self.year + 2}年"))
        if any(w in key for w in _PERSON_KEYS):
            return rng.choice(_PEOPLE)
        if t == "longtext" or key in ("name", "content", "finding"):
            if key in ("expected", "actual", "midterm", "annual", "progress") or "goal" in key:
                return rng.choice(_GOALS)
            if key == "name":
                return rng.choice(_TOPICS)
            return rng.choice(_BASIS if "basis" in key else _NOTES if "note" in key or "standard" in key else _REASONS)
        return rng.choice(_QUAL_TARGETS)

    def _dirty(self):
        return self.rng.choice(_DIRTY_NUMBERS + (-5, -0.01, 1e20, 1e-9))

    def _tweak(self, cell: Cell, v):
        """A numeric input value bent to the case (zeros, .xx5 boundaries, overshoots, text in number cells)."""
        rng, case = self.rng, self.case
        t, hi = cell.props.get("type"), cell.props.get("max")
        if t not in ("number", "integer", "any") or cell.key == "year" or rng.random() < 0.5:
            return v
        if case == "dirty":
            return self._dirty()
        if case == "target_zero":
            return 0
        if case == "rounding" and t != "integer":
            return float(Decimal(rng.randint(0, int((hi or 100) * 100) - 1)) / 100 + Decimal("0.005"))
        if case == "over" and _is_num(v):
            v = v * rng.choice((1.2, 1.5, 3))
            return int(round(v)) if t == "integer" else _r2(v)
        return v

    # ---- generic rows (grid rows, and table rows that are not indicators) -------------------------------------

    def generic_row(self, cells: list[Cell], siblings: dict[str, Cell], weight: float | None = None) -> dict:
        """Values for one grid or table row: amounts that add up, scores within the row's weight, words that fit."""
        rng = self.rng
        row: dict[str, object] = {}
        const_w = siblings.get("weight")
        if const_w is not None and const_w.props.get("calc") == "const" and _is_num(const_w.props["args"].get("value")):
            weight = const_w.props["args"]["value"]
        frac = rng.choice((1.0, rng.uniform(0.8, 1.0), rng.uniform(0.5, 1.0), rng.uniform(0, 1)))
        by_key = {c.key: c for c in cells}
        amounts = [c.key for c in cells if c.props.get("type") in ("number", "integer") and "max" not in c.props
                   and c.key != "weight" and "score" not in c.key]
        row.update(self._amounts(amounts, {c.key for c in cells if c.props.get("type") == "integer"}))
        level1 = by_key.get("level1")
        if level1 is not None and level1.props.get("enum") in _LEVEL_VOCAB:
            vocab = _LEVEL_VOCAB[level1.props["enum"]]
            row["level1"] = rng.choice([x for x in self.e[level1.props["enum"]] if x in vocab])
            row["level2"], row["name"] = rng.choice(vocab[row["level1"]])
        for c in cells:
            t, k = c.props.get("type", "text"), c.key
            if k in row:
                v = row[k]
            elif k == "weight" and t == "number":
                v = weight if weight is not None else rng.choice((1, 2, 3, 5, 10))
                weight = v
            elif "score" in k and t == "number":
                w = weight if weight is not None else c.props.get("max", 10)
                v = _r2(w * frac, rng.choice((0, 1, 2)))
            elif t in ("number", "integer"):
                v = self.value(c) if t == "number" else rng.randint(5, 500)
            elif t == "enum" and c.props["enum"] in _ORDERED:
                options = self.e[c.props["enum"]]
                bands = _BANDS.get(len(options), ())
                v = options[sum(frac < b for b in bands)] if rng.random() < 0.8 and bands else rng.choice(options)
            elif rng.random() < 0.8:
                v = self.value(c)
            else:
                continue
            row[k] = self._tweak(c, v)
        if by_key.get("kind") is not None and "target" in by_key and row.get("kind") in ("定量", "定性"):
            quant = row["kind"] == "定量"                                  # 目标值/实际值 that fit the 指标性质
            t = rng.choice((100, 95, 90, 85)) if quant else rng.choice(_QUAL_TARGETS)
            row["target"] = t
            if "actual" in by_key:
                row["actual"] = _r2(t * rng.uniform(0.7, 1.05), 1) if quant else rng.choice(_QUAL_ACTUALS)
        return row

    def _amounts(self, keys: list[str], integers: set[str]) -> dict:
        """Amounts (万元) for the row's unbounded number columns; a column named total is usually the sum of the rest."""
        rng = self.rng
        if not keys:
            return {}
        base = rng.uniform(5, 3000)
        parts = [k for k in keys if k != "total"]
        if "total" in keys and parts and rng.random() < 0.8 and not integers & set(keys):
            total = Decimal(repr(_r2(base)))
            shares = [rng.uniform(0.1, 1) for _ in parts]
            out, left = {}, total
            for k, sh in zip(parts[:-1], shares):
                out[k] = min(left, (total * Decimal(sh / sum(shares))).quantize(Decimal("0.01")))
                left -= out[k]
            out[parts[-1]] = left
            return {"total": float(total), **{k: float(v) for k, v in out.items()}}
        out = {}
        for k in keys:
            out[k] = int(round(base)) if k in integers else _r2(base)
            base *= rng.choice((rng.uniform(0.9, 1.1), rng.uniform(0.75, 1.0), rng.uniform(0.95, 1.03), 1.0))
        return out

    # ---- fields and grids -------------------------------------------------------------------------------------------

    def fields(self):
        for cell in self.form.inputs():
            if cell.block is None and (self.case != "partial" or self.rng.random() < 0.5):
                v = self.value(cell)
                self.inputs[cell.id] = v if self.case == "rounding" else self._tweak(cell, v)
        if self.case == "dirty":
            cells = [c for c in self.form.inputs() if c.block is None]
            for c in self.rng.sample(cells, min(3, len(cells))):
                self.inputs[c.id] = self.rng.choice((f"{self.year}年", "=SUM(A1)", "—", "某" * 120, "二〇二五", -5))

    def grids(self):
        form, rng = self.form, self.rng
        for gid, block in form.grids.items():
            first, complete = True, rng.random() < 0.6
            for r in block["rows"]:
                here = [form.cells[f"{gid}.{r['key']}.{c['key']}"] for c in block["columns"]
                        if f"{gid}.{r['key']}.{c['key']}" in form.cells]
                cells = [c for c in here if not c.is_calc]
                numeric = any(c.props.get("type") in ("number", "integer") for c in cells)
                if numeric and not first and not complete and rng.random() < 0.3:
                    continue   # a whole row left empty (e.g. 上年结转资金 often is)
                first = first and not numeric
                for k, v in self.generic_row(cells, {c.key: c for c in here}).items():
                    self.inputs[f"{gid}.{r['key']}.{k}"] = v
        self._rates()

    def _rate_inputs(self) -> list[tuple[list[str], list[str]]]:
        """(budget input cells, executed input cells) behind each 执行率 cell, following sums to their inputs."""
        out = []
        for cell in self.form.cells.values():
            if cell.props.get("calc") != "exec_rate":
                continue
            sides = []
            for arg in ("budget", "executed"):
                _, cid = self.form.resolve(cell, cell.props["args"][arg])
                target = self.form.cells[cid]
                refs = target.props.get("args", {}).get("values", []) if target.is_calc else []
                ids = [self.form.resolve(target, x)[1] for x in refs] if target.is_calc else [cid]
                sides.append([i for i in ids if not self.form.cells[i].is_calc])
            if all(sides):
                out.append((sides[0], sides[1]))
        return out

    def _split(self, ids: list[str], total: float):
        for cid in ids:
            self.inputs.pop(cid, None)
        if self.rng.random() < 0.5 or len(ids) == 1:
            self.inputs[ids[0]] = total
            return
        cents = int(round(total * 100))
        cut = self.rng.randint(0, cents)
        self.inputs[ids[0]], self.inputs[ids[1]] = cut / 100, (cents - cut) / 100

    def _rates(self):
        rng = self.rng
        for budget, executed in self._rate_inputs():
            if self.case == "rounding":
                b = rng.choice((200, 400, 80, 1000, 125, 250, 1600, 2000, 50))
                r = Decimal(rng.randint(5000, 10000)) / 10000 + Decimal("0.00005") * rng.choice((1, -1, 0, 1))
                if rng.random() < 0.3:
                    r = Decimal(rng.choice(("0.9", "0.95", "0.9505", "0.89995", "0.90005", "1", "0.99995")))
                self._split(budget, float(b))
                self._split(executed, float((Decimal(b) * r).quantize(Decimal("0.01"))))
                if rng.random() < 0.2:                                   # 190.01 / 200 = 0.95005
                    self._split(budget, 200.0)
                    self._split(executed, 190.01)
            elif self.case == "target_zero" and rng.random() < 0.6:
                self._split(budget, 0.0)
                self._split(executed, rng.choice((0.0, 12.5)))
            elif self.case == "dirty":
                ids = budget + executed
                for cid in rng.sample(ids, min(2, len(ids))):
                    self.inputs[cid] = rng.choice(("1,200万元", "１２０", -50.5, "—", "约100", 0, 1e-9, "300 "))

    # ---- indicator tables -------------------------------------------------------------------------------------------

    def _pick(self, group: str | None = None, manual: bool | None = None) -> dict:
        """A realistic indicator, optionally of one weight group and of manual (定性) or quantitative nature."""
        rng, e = self.rng, self.e
        keys = [k for k in _INDICATORS if group is None or e["weight_groups"].get(k[0]) == group]
        l1, l2 = rng.choice(keys)
        inds = [i for i in _INDICATORS[(l1, l2)] if manual is None or (i[2] in e["manual_natures"]) == manual]
        if not inds:
            return self._pick(group, manual)
        name, unit, nature, spec = rng.choice(inds)
        if l1 == "成本指标" and rng.random() < 0.5:
            l1, l2 = "产出指标", "成本指标"        # 成本 may sit under 产出 (财预〔2021〕101号)
        return {"level1": l1, "level2": l2, "name": name, "unit": unit, "nature": nature, "spec": spec}

    def _target(self, spec):
        rng = self.rng
        if spec is None or isinstance(spec, (int, float)):
            return spec
        if spec[0] == "int":
            return rng.randint(spec[1], spec[2])
        if spec[0] == "pct":
            return rng.choice((rng.randint(spec[1], spec[2]), _r2(rng.uniform(spec[1], spec[2]), 1)))
        return _r2(rng.uniform(spec[1], spec[2]), spec[3])

    def _actual(self, nature: str, t: float) -> float:
        rng = self.rng
        if nature in ("≤", "＜"):
            f = rng.choice((1.0, rng.uniform(0.6, 1.0), rng.uniform(0.6, 1.0), rng.uniform(1.0, 1.5),
                            rng.uniform(1.5, 2.5)))
        elif nature == "＝":
            f = rng.choice((1.0, 1.0, rng.uniform(0.9, 1.0), rng.uniform(1.0, 1.3)))
        else:
            f = rng.choice((1.0, rng.uniform(1.0, 1.15), rng.uniform(1.0, 1.15), rng.uniform(0.5, 1.0),
                            rng.uniform(1.2, 1.6)))
        a = t * f if t else rng.choice((0, 0, 1, 2))
        return int(round(a)) if isinstance(t, int) and abs(a) >= 10 else _r2(a)

    def _as_percent(self, x: float) -> float:
        """x% as a spreadsheet stores it when typed with its % sign ("96%" → 0.96)."""
        return float(Decimal(repr(x)) / 100)

    def row(self, ind: dict, weight: float | None) -> dict:
        """An indicator row (with self-evaluation values when weight is given)."""
        rng = self.rng
        nature = ind["nature"]
        row = {k: ind[k] for k in ("level1", "level2", "name", "unit", "nature")}
        if nature in self.e["manual_natures"]:
            qual = nature == "定性"
            row["target"] = rng.choice(_QUAL_TARGETS if qual else _OTHER_TARGETS)
            row["actual"] = rng.choice(_QUAL_ACTUALS if qual else _OTHER_ACTUALS)
            row["unit"] = "" if qual else rng.choice(("", "%", "元"))
            tier = rng.choices((0, 1, 2), (0.7, 0.2, 0.1))[0]
            row["tier"] = self.e["tiers"][tier]
            if weight is not None:
                lo, hi = ((0.8, 1.0), (0.6, 0.8), (0.0, 0.6))[tier]
                top = _r2(weight * hi - (0 if tier == 0 else 0.1), 1)       # inside the band, below the next one
                row["manual"] = min(_r2(weight * rng.uniform(lo, hi), 1), top)
        else:
            t = self._target(ind["spec"])
            a = self._actual(nature, t)
            row["target"], row["actual"] = t, a
            if t > 0 and a >= t * 1.2 and nature in ("≥", "＞", "＝"):
                row["low"] = rng.choice(("是", "否", None))
                if rng.random() < 0.7:
                    row["reason"] = "超额完成主要因" + rng.choice(("需求增加", "年初指标值设定偏低", "追加了预算"))
        if weight is not None:
            row["weight"] = weight
        under = nature in ("≥", "＞") and _is_num(row.get("actual")) and row["actual"] < row["target"]
        if (under or row.get("tier") not in (None, self.e["tiers"][0])) and rng.random() < 0.8:
            row["reason"] = rng.choice(_REASONS)
        return row

    def _weights(self, n: int, total: float) -> list[float]:
        """n positive weights (whole or half points) summing to total."""
        rng = self.rng
        if n == 0:
            return []
        raw = [rng.uniform(1, 3) for _ in range(n)]
        step = 0.5 if rng.random() < 0.3 else 1.0
        ws = [max(step, round(total * x / sum(raw) / step) * step) for x in raw]
        ws[-1] = _r2(total - sum(ws[:-1]))
        if ws[-1] <= 0:
            return [_r2(total / n)] * (n - 1) + [_r2(total - _r2(total / n) * (n - 1))]
        return ws

    def realistic_rows(self, nrows: int, scored: bool) -> list[dict]:
        rng = self.rng
        groups = list(dict.fromkeys(self.e["weight_groups"].values()))
        counts = {g: 1 for g in groups}
        for _ in range(max(0, nrows - len(groups))):
            counts[rng.choices(groups, [5, 3, 1][:len(groups)] + [1] * (len(groups) - 3))[0]] += 1
        rows = []
        for g in groups:
            inds = [self._pick(g) for _ in range(counts[g])]
            ws = self._weights(len(inds), _national_weights().get(g, 10)) if scored else [None] * len(inds)
            rows += [self.row(ind, w) for ind, w in zip(inds, ws)]
        return rows

    def case_rows(self) -> list[dict]:
        """Indicator rows that exercise one scoring edge."""
        rng, case, e = self.rng, self.case, self.e

        def w():
            return rng.choice((5, 10, 2.5, 8, 3, 7, 15, 20))

        def base(nature: str) -> dict:
            manual = nature in e["manual_natures"] if nature in e["natures"] else None
            return {**{k: v for k, v in self._pick(manual=manual).items() if k != "spec"}, "nature": nature}

        rows = []
        if case == "target_zero":
            for nature in ("＝", "≥", "≤", "＞", "＜", "＝", "≤"):
                a = rng.choice((0, 0.0, 1, 3, -1, 0.5, 1e-15, -2.5))
                rows.append({**base(nature), "target": rng.choice((0, 0.0)), "actual": a, "weight": w(),
                             "low": rng.choice(("是", None, None))})
        elif case == "reverse":
            for nature in ("≤", "＜", "≤", "＜", "≤", "≤"):
                t = rng.choice((10, 30, 8, 12.5, 100, 0.8, 3))
                a = rng.choice((t * 0.5, t, t * 1.25, t * 1.5, t * 1.999, t * 2, t * 2.5, t + 1,
                                _r2(t * rng.uniform(1, 2))))
                rows.append({**base(nature), "target": t, "actual": a, "weight": w()})
            rows.append({**base("≤"), "target": -5, "actual": rng.choice((-6, -5, -3, 0)), "weight": w()})
        elif case == "rounding":
            rows.append({**base("≥"), "target": 8, "actual": 3.3, "weight": 10, "reason": "见说明"})   # 4.125
            for _ in range(6):
                wt = rng.choice((5, 10, 15, 20, 2.5, 4))
                t = rng.choice((8, 16, 40, 80, 200, 400, 125, 2.5))
                s = Decimal(rng.randint(1, int(wt * 100) - 1)) / 100 + Decimal("0.005")     # the score, x.xx5
                dw, dt_ = Decimal(str(wt)), Decimal(str(t))
                kind = rng.choice(("forward", "reverse", "ratio", "over"))
                low = None
                if kind == "forward":
                    a, nature = s * dt_ / dw, "≥"
                elif kind == "reverse":                                   # (1-(a-t)/t)*w = s
                    a, nature = (2 - s / dw) * dt_, "≤"
                elif kind == "ratio":                                     # t/a*w = s
                    a, nature = dt_ * dw / s, "＜"
                else:                                                     # w*1.2*t/a = s
                    s = dw * Decimal(rng.randint(50, 99)) / 100 + Decimal("0.005")
                    a, nature, low = Decimal("1.2") * dw * dt_ / s, "≥", "是"
                rows.append({**base(nature), "target": t, "actual": float(a.quantize(Decimal("0.0001"))),
                             "weight": wt, "low": low})
        elif case == "over":
            for nature in ("≥", "＞", "＝", "≥", "≥", "≤"):
                t = rng.choice((50, 95, 100, 0.9, 8, 12.5, 1000))
                a = rng.choice((t * 1.2, t * 1.3, t * 2, t * 1.19, _r2(t * 1.2), t * 1.2000001))
                rows.append({**base(nature), "target": t, "actual": a, "weight": w(),
                             "low": rng.choice(("是", "是", "否", None)), "reason": rng.choice((None, "需求增加"))})
        elif case == "qualitative":
            for _ in range(8):
                tier, wt = rng.randrange(3), rng.choice((10, 5, 7.5, 3, 7, 6, 12, 0.5))
                lo, hi = ((0.8, 1.0), (0.6, 0.8), (0.0, 0.6))[tier]
                m = rng.choice((wt * 0.8, wt * 0.6, wt, _r2(wt * 0.8 - 0.01), _r2(wt * 0.6 - 0.01), 0, wt + 1, None,
                                _r2(wt * rng.uniform(lo, hi)), _r2(wt * rng.uniform(0, 1.1))))
                rows.append({**base(rng.choice(e["manual_natures"])), "target": rng.choice(_QUAL_TARGETS),
                             "actual": rng.choice(_QUAL_ACTUALS), "tier": rng.choice((e["tiers"][tier],) * 4 + (None,)),
                             "weight": wt, "manual": m, "reason": rng.choice((None, rng.choice(_REASONS)))})
        elif case == "typed":
            rows += self._typed_rows(base, w)
        elif case == "dirty":
            for _ in range(8):
                r = {**base(rng.choice(e["natures"] + [">=", "大于等于", "定量", ""])), "weight": w()}
                r["target"] = rng.choice(_DIRTY_NUMBERS + (95, -10, 1e20))
                r["actual"] = rng.choice(_DIRTY_NUMBERS + (98, -5, "已完成", 1e-9))
                if rng.random() < 0.3:
                    r["weight"] = rng.choice(("10分", "１０", 33.333, -5, 150))
                if rng.random() < 0.3:
                    r["manual"] = rng.choice((-1, "8分", 12, 0.85))
                if rng.random() < 0.3:
                    r["level2"] = rng.choice(e["level2"])              # often not under its 一级
                if rng.random() < 0.2:
                    r["level1"] = ""
                if rng.random() < 0.2:
                    r["name"] = "指标" * 60
                if rng.random() < 0.3:
                    r["unit"] = ""
                rows.append(r)
            rows.append({**base("定性"), "target": "明显改善", "actual": "已改善", "tier": e["tiers"][0], "weight": 5,
                         "manual": 8})                                         # score above weight, no 偏差原因
            rows.append({**base("≥"), "target": 100, "actual": 60, "weight": 10})   # underachieved, no 偏差原因
        return rows

    def _typed_rows(self, base, w) -> list[dict]:
        """Rows typed as a spreadsheet lets people type: 96% against 95 in %, strict ＞ ＜ met exactly, text in number
        cells (≥50个, ５０, 52个)."""
        rng, e, pct = self.rng, self.e, self._as_percent
        rows = []
        for _ in range(4):      # one side (or both) typed with its % sign, or a plain unit where the rule must not apply
            nature = rng.choice(("≥", "＞", "＝", "≤", "＜", "≥"))
            t = rng.choice((95, 90, 100, 85.5, 20, 60, 98, 5, 1.5, 0.8))
            a = _r2(t * rng.choice((1.0, 1.01, 0.9, 0.5, 1.2, 1.25, 1.3, 2, 0.05)))
            side = rng.choice(("actual", "actual", "target", "both", "none"))
            t2 = pct(t) if side in ("target", "both") else t
            a2 = pct(a) if side in ("actual", "both") else a
            rows.append({**base(nature), "unit": rng.choice(e["percent_units"] + ["%", "个", ""]), "target": t2,
                         "actual": a2, "forecast": rng.choice((a2, pct(a), a)), "weight": w(),
                         "low": rng.choice((None, None, "是")), "reason": rng.choice((None, "需求增加"))})
        rows.append({**base(rng.choice(("≥", "≤"))), "unit": "%",             # the edges of the rule: 1.5 and 20
                     "target": rng.choice((20, 19.99, 20.01, 1.5, 1.5000001, 0.05)),
                     "actual": rng.choice((1.5, 1.5000001, 0.01, 0, -0.5, 20, 19.99, 30)), "weight": w()})
        for nature in ("＞", "＜", rng.choice(("＞", "＜", "＝"))):        # strict signs met exactly: full marks, green
            t = rng.choice((50, 95, 0.3, 12.5, 0, pct(95)))
            a = rng.choice((t, t, pct(t * 100) if t else 0, _r2(t * 1.01), _r2(t * 0.99)))
            rows.append({**base(nature), "unit": rng.choice(("%", "个")), "target": t, "actual": a, "forecast": a,
                         "weight": w()})
        for _ in range(3):                                                # text in the number cells
            r = {**base(rng.choice(("≥", "≤", "＞", "＝", "＜"))), "weight": w()}
            r["target"] = rng.choice(_TYPED_TARGETS + (50, 95))
            r["actual"] = rng.choice(_TYPED_VALUES + (52, 0.96))
            r["forecast"] = rng.choice(_TYPED_VALUES + (48,))
            r["unit"] = rng.choice(("", "个", "%"))
            if rng.random() < 0.3:
                r["weight"] = rng.choice(_TYPED_VALUES)
            rows.append(r)
        return rows

    # ---- tables ------------------------------------------------------------------------------------------------

    def _is_indicator_table(self, table) -> bool:
        s = table.specs
        return (s.get("level1", {}).get("enum") == "level1" and s.get("nature", {}).get("enum") == "natures"
                and "target" in s)

    def _nrows(self, table) -> int:
        rng = self.rng
        if self.case == "random":
            return table.rows if rng.random() < 0.1 else rng.randint(min(6, table.rows), min(18, table.rows))
        return rng.randint(min(3, table.rows), min(14, table.rows))

    def _lookups(self, table) -> dict[str, str]:
        """Columns of this table whose values are looked up in another table's column of the same key (by a rule)."""
        out = {}
        for k, spec in table.specs.items():
            if "calc" not in spec:
                continue
            cell = self.form.cells[table.cell_id(0, k)]
            for ref in spec.get("args", {}).values():
                for r in ref if isinstance(ref, list) else [ref]:
                    if not isinstance(r, str):
                        continue
                    other, _, key = r.partition(".")
                    if other in self.form.tables and other != table.id and key in table.specs and key not in out:
                        try:
                            if self.form.resolve(cell, r)[0] == "range":
                                out[key] = other
                        except Exception:
                            pass
        return out

    def tables(self):
        rng, case, form = self.rng, self.case, self.form
        made: dict[str, list[dict]] = {}
        for tid, table in form.tables.items():
            keys = [k for k, s in table.specs.items() if "calc" not in s]
            if self._is_indicator_table(table):
                scored = "weight" in keys and "actual" in keys
                if case in ("random", "partial"):
                    rows = self.realistic_rows(self._nrows(table), scored)
                else:
                    rows = self.realistic_rows(rng.randint(3, 8), scored) + self.case_rows()
                    rng.shuffle(rows)
                rows = [self._complete(table, i, r) for i, r in enumerate(rows[:table.rows])]
            else:
                n = self._nrows(table)
                weights = self._weights(n, 100) if "weight" in keys and rng.random() < 0.8 else [None] * n
                rows = []
                for i in range(n):
                    cells = [form.cells[table.cell_id(i, k)] for k in table.specs]
                    inputs = [c for c in cells if not c.is_calc]
                    rows.append(self.generic_row(inputs, {c.key: c for c in cells}, weights[i]))
            for key, other in self._lookups(table).items():                 # e.g. 底稿 → 指标体系的三级指标名称
                names = [r[key] for r in made.get(other, []) if r.get(key) not in (None, "")]
                for r in rows:
                    if names and rng.random() < 0.85:
                        r[key] = rng.choice(names)
            if case == "partial":
                for r in rows:
                    for k in rng.sample(list(r), min(len(r), rng.randint(0, 2))):
                        r.pop(k)
                for _ in range(rng.randint(1, 3)):
                    rows.insert(rng.randrange(len(rows) + 1), {})          # interior blank rows
            made[tid] = rows
            for i, r in enumerate(rows[:table.rows]):
                for k in keys:
                    if r.get(k) is not None and r.get(k) != "":
                        self.inputs[table.cell_id(i, k)] = r[k]

    def _complete(self, table, i: int, r: dict) -> dict:
        """Values for the indicator table's other columns (forecasts, notes, enums …), then enums kept valid."""
        rng = self.rng
        out = dict(r)
        for k, spec in table.specs.items():
            if "calc" in spec or k in _ROW_KEYS and k in r or rng.random() < 0.3:
                continue
            cell = self.form.cells[table.cell_id(i, k)]
            if spec.get("type") == "any" and _is_num(r.get("target")):
                out[k] = _r2(r["target"] * rng.uniform(0.8, 1.2))               # e.g. 全年预计完成值
            elif k not in _ROW_KEYS:
                out[k] = self.value(cell)
        for k, spec in table.specs.items():                                        # vocabulary the enum does not have
            if spec.get("type") == "enum" and out.get(k) not in (None, "") and self.case != "dirty":
                if out[k] not in self.e[spec["enum"]]:
                    out[k] = rng.choice(self.e[spec["enum"]])
        return out


def random_data(form: Form, rng: random.Random, *, case: str = "random") -> dict:
    """Canonical form data (jixiao.spec.data.to_data shape) for one of CASES, reproducible from rng alone."""
    if case not in CASES:
        raise ValueError(f"unknown case {case!r}; expected one of {', '.join(CASES)}")
    g = _Gen(form, rng, case)
    if case != "blank":
        g.fields()
        g.grids()
        g.tables()
        if case == "partial":
            for cid in [c for c in g.inputs if "[" not in c and g.rng.random() < 0.3]:
                del g.inputs[cid]
    # Numbers as a person (or a workbook) holds them: at most 15 significant digits, so 8*0.7 is 5.6, not
    # 5.6000000000000005 (openpyxl would store 16 digits and the data would no longer match the filled workbook).
    return to_data(form, {k: float(f"{v:.15g}") if isinstance(v, float) else v for k, v in g.inputs.items()})
