"""The README's example outputs are what the commands print on the bundled samples (tests/readme_examples.py runs
them; `python -m tests.readme_examples --write` rewrites the marked blocks after a deliberate change)."""

from __future__ import annotations

import difflib

import pytest

from tests import readme_examples as rx


@pytest.fixture(scope="module")
def examples() -> dict[str, str]:
    return rx.generate()


def test_every_marked_block_is_a_real_run(examples):
    readme = rx.README.read_text("utf-8")
    found = rx.blocks(readme)
    assert set(found) == set(examples), rx.differences(readme, examples)
    for name, text in examples.items():
        want = rx.render(text)
        diff = "".join(difflib.unified_diff(found[name].splitlines(True), want.splitlines(True), "README.md", "实际输出"))
        assert found[name] == want, f"示例「{name}」与实际输出不同，请运行 python -m tests.readme_examples --write：\n{diff}"


def test_the_examples_show_what_they_promise(examples):
    assert "（口径：全国通用）" in examples["score"] and "│ 总分" in examples["score"]
    assert examples["check"].splitlines()[2].startswith("共审核 140 个文件：")
    assert examples["letter-structure"].count("1.【强制】") == 1 and "2.【" not in examples["letter-structure"]
    assert "汇总表单：项目支出绩效自评表" in examples["consolidate"]


def test_rewrite_only_touches_the_marked_blocks():
    readme = "前言\n<!-- example: a -->\n```\n旧\n```\n<!-- /example -->\n中间\n<!-- example: b -->\n<!-- /example -->\n后记\n"
    new = rx.rewrite(readme, {"a": "新\n输出  ", "b": "乙"})
    assert new == ("前言\n<!-- example: a -->\n```\n新\n输出\n```\n<!-- /example -->\n中间\n"
                   "<!-- example: b -->\n```\n乙\n```\n<!-- /example -->\n后记\n")
    assert rx.differences(new, {"a": "新\n输出", "b": "乙"}) == []
    assert rx.differences(readme, {"a": "新"}) == ["README.md 的示例「b」没有对应的命令（tests/readme_examples.py）",
                                                  "README.md 的示例「a」与实际输出不同"]
