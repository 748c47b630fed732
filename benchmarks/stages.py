"""Per-file cost of each stage of `jixiao check`, in CPU milliseconds per file, measured in one process on a subset:
intake, then for each file read / structure / cell rules / flag checks / typed results against the rules (the
formula evaluation happens inside the last two), then each output. The stages are the engine's own functions,
timed by wrapping them, so the breakdown follows the code as it is."""

from __future__ import annotations

import tempfile
import time
from collections import defaultdict
from contextlib import ExitStack
from pathlib import Path
from unittest import mock


def _timed(store: dict, label: str, fn):
    def run(*args, **kwargs):
        t = time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            store[label] += time.process_time() - t
    return run


def breakdown(paths: list[Path], roster: Path) -> dict[str, float]:
    """{stage: CPU ms per file} over `paths` (in this process, one file after another)."""
    from jixiao.batch import folder, pipeline
    from jixiao.batch.reconcile import reconcile
    from jixiao.intake import collect
    from jixiao.intake.roster import load_roster
    from jixiao.rules import engine
    from jixiao.rules.roster_rules import roster_findings
    from jixiao.workbook import reader

    spent: dict[str, float] = defaultdict(float)
    units = load_roster(roster)
    # reading, part by part (each part's time is also inside the one that calls it: subtracted below)
    reading = {"读取：识别文件（sniff）": (reader, "sniff"), "读取：工作表 XML（vet：结构、公式、取出公式文本）": (reader, "vet"),
               "读取：calamine 读值（含取出公式后的副本）": (reader, "_calamine"), "读取：表单数据（read_form）": (reader, "read_form")}
    per_file = {"读取（合计）": (engine, "read"), "结构检查": (engine, "structure_findings"),
                "单元格规则": (engine, "cell_findings"), "核查提示（公式求值）": (engine, "flag_findings"),
                "填报结果对照规则（公式求值）": (engine, "arithmetic_findings")}
    outputs = {"审核汇总.xlsx": (folder, "write_summary"), "审核结果.json": (folder, "write_json"),
               "报送文件（复制）": (folder, "_keep_copies"), "反馈表和退回意见": (folder, "_write_unit")}
    with tempfile.TemporaryDirectory(prefix="bench-stages-") as tmp, ExitStack() as stack:
        for label, (mod, name) in {**reading, **per_file, **outputs}.items():
            stack.enter_context(mock.patch.object(mod, name, _timed(spent, label, getattr(mod, name))))
        t = time.process_time()
        intake = collect([Path(p) for p in paths], Path(tmp) / "work")
        spent["收件（识别、SHA-256）"] += time.process_time() - t
        reports = []
        t = time.process_time()
        for sub in intake.submissions:
            reports.append(pipeline._validate((str(sub.path), sub.name, pipeline.Options())))
        total_validate = time.process_time() - t
        t = time.process_time()
        for sub, r in zip(intake.submissions, reports):
            r.file = sub.origin
            r.facts.update(pipeline._provenance(sub))
            r.findings += roster_findings(r, units, sub.sender)
        batch = reconcile(reports, units)
        spent["名册规则和身份判定"] += time.process_time() - t
        spent["其他（逐文件）"] += total_validate - sum(spent[k] for k in per_file)
        spent["读取：工作表 XML（vet：结构、公式、取出公式文本）"] -= spent["读取：识别文件（sniff）"]
        spent["读取：其他"] = spent["读取（合计）"] - sum(spent[k] for k in reading)
        folder.write_check_folder(batch, Path(tmp) / "out", work_dirs=[Path(tmp) / "work"], workers=1)
    order = ["收件（识别、SHA-256）", "读取（合计）", *reading, "读取：其他"]
    return {k: 1000 * spent[k] / len(paths) for k in [*order, *(k for k in spent if k not in order)]}


def total(cost: dict[str, float]) -> float:
    """The sum of a breakdown's stages (the parts of reading are inside 读取（合计）)."""
    return sum(v for k, v in cost.items() if not k.startswith("读取："))
