"""The front door: `import jixiao` is light, and its verbs do what the CLI does."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import jixiao

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def test_import_is_light():
    code = "import sys, jixiao; print(sorted(m for m in ('pandas', 'openpyxl', 'duckdb', 'pyarrow') if m in sys.modules))"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "[]"


def test_score_and_validate_one_workbook():
    result = jixiao.score(SAMPLES / "self_eval_example.xlsx")
    total = next(v for k, v in result.values.items() if k.endswith("total_score"))
    assert float(total) == pytest.approx(97.03)
    assert jixiao.validate(SAMPLES / "self_eval_example.xlsx").status == "通过"


def test_check_writes_the_same_folder_as_the_cli(tmp_path):
    batch = jixiao.check([SAMPLES / "inbox"], tmp_path / "out", roster=SAMPLES / "名册.xlsx", workers=2)
    assert len(batch.files) == 140
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["反馈表", "审核汇总.xlsx", "审核结果.json", "报送文件", "退回意见"]
    again = jixiao.load_check(tmp_path / "out", batch.roster)
    assert len(again.files) == 140 and len(again.current) == len(batch.current)


def test_user_problems_are_jixiao_errors(tmp_path):
    (tmp_path / "out" / "报送文件").mkdir(parents=True)
    with pytest.raises(jixiao.JixiaoError, match="为免覆盖"):
        jixiao.check([SAMPLES / "goal"], tmp_path / "out")
    with pytest.raises(jixiao.JixiaoError, match="政策口径"):
        jixiao.score(SAMPLES / "self_eval_example.xlsx", profile="no-such-profile")
