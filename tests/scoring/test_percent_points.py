"""The dataset's numbers follow the templates' own rule for "96%" typed against a whole percentage (calcs/typed.py
one_scale): the same expression decides, the fraction side is given in percentage points, exactly."""

import pytest

from jixiao.consolidate.dataset import indicator_row
from jixiao.consolidate.records import IndicatorRecord, ProjectRecord, Source
from jixiao.scoring.calcs.typed import in_percent_points


@pytest.mark.parametrize("unit, target, actual, want", [
    ("%", 95, 0.96, (95, 96)),            # 实际完成值 typed "96%"
    ("%", 0.95, 96, (95, 96)),            # 指标值 typed "95%"
    ("百分比", 95, 0.96, (95, 96)),
    ("%", 95, 96, (95, 96)),              # both whole: unchanged
    ("%", 0.95, 0.96, (0.95, 0.96)),      # both fractions: unchanged, already one scale
    ("个", 95, 0.96, (95, 0.96)),         # not a percentage unit
    ("%", 30, 0.07, (30, 7)),             # exact: not 7.000000000000001
    ("%", 10, 0.5, (10, 0.5)),            # the other side below 20: a real 0.5 stays
    ("%", None, 0.96, (None, 0.96)),
    ("%", "≥95", 0.96, ("≥95", 0.96)),
])
def test_in_percent_points(unit, target, actual, want):
    assert in_percent_points(unit, target, actual) == want      # 7.000000000000001 != 7


def test_the_dataset_gives_96_percent_as_96():
    project = ProjectRecord("project_self_eval", {"year": 2025, "unit_code": "101001", "project_name": "示例"}, {},
                            Source("a.xlsx", "0" * 64))
    row = indicator_row(IndicatorRecord(project, 0, {"name": "合格率", "target": 95, "unit": "%", "actual": 0.96}, {}))
    assert (row["target_num"], row["actual_num"]) == (95, 96)
    assert row["actual"] == "0.96"                # the 原文 column keeps what the cell holds
