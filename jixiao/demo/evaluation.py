"""samples/evaluation_example.xlsx: a filled 绩效评价指标体系及分析工作底稿 (a 财政评价 of one project), hand-checked.

    python -m jixiao.demo.evaluation --out samples      # needs LibreOffice (the workbook is saved recalculated)

Weights 决策 20、过程 20、产出 35、效益 25 (产出+效益 60%); scores by the 260号 第二十四条 rules, summed by hand:
决策 18.00、过程 18.20、产出 33.50、效益 22.50 → 总分 92.20 → 优 (90 分及以上)."""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

FILE = "evaluation_example.xlsx"

FIELDS = {"object_name": "2025年度城乡低保资金", "eval_type": "财政评价", "year": 2025,
          "evaluator": "区财政局绩效评价工作组（委托某某会计师事务所实施）", "department": "区民政局", "funds": 1268.4,
          "sign_leader": "周敏", "sign_reviewer": "吴刚", "score_date": "2026-05-28"}

# (一级, 二级, 三级, 指标解释, 评分标准, 权重, 性质, 目标值, 实际值, 得分, 扣分原因)
INDICATORS = [
    ("决策", "项目立项", "立项依据充分性", "项目立项是否符合法律法规、相关政策、发展规划以及部门职责",
     "依据充分得满分，每缺一项依据扣1分", 5, "定性", "依据充分", "依据充分", 5, None),
    ("决策", "项目立项", "立项程序规范性", "项目是否按照规定的程序申请设立，审批文件、材料是否符合要求",
     "程序规范得满分，每发现一处不规范扣1分", 5, "定性", "程序规范", "程序规范", 5, None),
    ("决策", "绩效目标", "绩效目标合理性", "项目所设定的绩效目标是否依据充分，是否符合客观实际",
     "目标合理、指标细化量化得满分；指标未细化量化的扣1—2分", 5, "定性", "合理", "部分指标未量化", 4,
     "年度绩效目标中“保障水平稳步提高”未设置可衡量的指标值。"),
    ("决策", "资金投入", "预算编制科学性", "预算编制是否经过科学论证，内容与项目内容是否匹配",
     "测算依据充分得满分，测算依据不充分的扣1—2分", 5, "定性", "测算依据充分", "按上年保障人数测算，未考虑动态调整", 4,
     "预算按上年保障人数测算，未考虑年内新增和退出对象。"),
    ("过程", "资金管理", "资金到位率", "实际到位资金与预算资金的比率", "到位率×权重", 5, "定量", 100, 100, 5, None),
    ("过程", "资金管理", "预算执行率", "实际支出资金与实际到位资金的比率", "执行率×权重", 5, "定量", 100, 92.4, 4.62,
     "年末仍有部分临时救助资金未拨付，执行率92.4%。"),
    ("过程", "资金管理", "资金使用合规性", "资金使用是否符合相关财务管理制度规定",
     "合规得满分，每发现一处违规扣1分", 5, "定性", "合规", "发现1笔资金超范围发放已追回", 4,
     "抽查发现1笔低保金在对象退出后仍发放1个月，已追回。"),
    ("过程", "组织实施", "制度执行有效性", "项目实施是否符合相关管理规定，资料是否齐全归档",
     "执行有效得满分，资料缺失的扣0.5—1分", 5, "定性", "执行有效", "个别档案资料不全", 4.58,
     "2个街道的入户核查记录未按月归档。"),
    ("产出", "产出数量", "保障对象应保尽保率", "符合条件的对象纳入保障的比率", "完成值/目标值×权重", 10, "定量",
     100, 100, 10, None),
    ("产出", "产出质量", "动态管理核查完成率", "按季度完成入户核查的对象占比", "完成值/目标值×权重", 10, "定量",
     100, 95, 9.5, "部分街道第四季度核查延至次年1月完成。"),
    ("产出", "产出时效", "资金按月发放及时率", "按月足额发放到位的月份占比", "完成值/目标值×权重", 10, "定量",
     100, 100, 10, None),
    ("产出", "产出成本", "人均月补助标准执行率", "实际发放标准与批复标准的比率", "执行率与标准一致得满分", 5, "定量",
     100, 80, 4, "农村低保提标文件下达较晚，前两个月仍按原标准发放，已于3月补发差额。"),
    ("效益", "项目效益", "困难群众基本生活保障", "保障对象基本生活是否得到有效保障",
     "达成得80%—100%，部分达成得60%—80%，未达成得60%以下", 10, "定性", "有效保障", "有效保障", 9,
     "少数对象反映临时救助审批周期较长。"),
    ("效益", "项目效益", "长效机制健全性", "是否建立动态调整、主动发现的长效机制",
     "达成得80%—100%，部分达成得60%—80%，未达成得60%以下", 5, "定性", "健全", "主动发现机制尚在试点", 3.5,
     "主动发现机制仅在2个街道试点，尚未全区推广。"),
    ("效益", "项目效益", "保障对象满意度", "问卷调查保障对象对低保工作的满意程度", "满意度≥90%得满分，每低1个百分点扣0.5分",
     10, "定量", 90, 92.6, 10, None),
]

PAPER_METHODS = {"决策": "资料核查", "过程": "资料核查、数据分析", "产出": "现场勘查、数据分析", "效益": "问卷调查、访谈"}
PAPER_DATES = {"决策": "2026-05-11", "过程": "2026-05-13", "产出": "2026-05-18", "效益": "2026-05-21"}
CHECKERS = {"决策": "周敏", "过程": "郑洁", "产出": "郑洁", "效益": "冯磊"}
RECTIFY = {}            # 等级为优：不要求整改（结果应用表留空）


def data() -> dict:
    rows, papers = [], []
    for i, (l1, l2, name, explain, standard, weight, kind, target, actual, score, reason) in enumerate(INDICATORS, 1):
        row = {"level1": l1, "level2": l2, "name": name, "explain": explain, "standard": standard, "weight": weight,
               "kind": kind, "target": target, "actual": actual, "score": score}
        if reason:
            row["reason"] = reason
        rows.append(row)
        papers.append({"code": f"DG-{i:02d}", "name": name, "content": f"核查{name}相关的文件、台账和凭证",
                       "method": PAPER_METHODS[l1], "finding": reason or "未发现问题",
                       "checker": CHECKERS[l1], "date": PAPER_DATES[l1]})
    fields = {**FIELDS, **RECTIFY}
    return {"form": "evaluation", "fields": fields, "tables": {"indicators": rows, "papers": papers}}


def build(out: Path) -> Path:
    """Fill the template, recalculate in LibreOffice and save with fixed timestamps (reproducible per LO version)."""
    from ..spec.layout import load_form
    from ..spec.loader import load_profile
    from ..template.fill import fill_workbook
    from ..workbook.recalc import recalculate
    from .defects import rezip
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / FILE
        fill_workbook(load_form("evaluation"), load_profile("national"), data()).save(src)
        done = recalculate([src], Path(tmp) / "out")[0]
        (out / FILE).write_bytes(rezip(done.read_bytes()))
    return out / FILE


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="生成示例绩效评价指标体系及分析工作底稿（samples/evaluation_example.xlsx）")
    ap.add_argument("--out", type=Path, default=Path("samples"))
    print(f"已生成 {build(ap.parse_args(argv).out)}")


if __name__ == "__main__":
    main()
