"""`jixiao consolidate <jixiao check 的输出目录>`: the recorded check is consolidated as it is, never checked again."""

from __future__ import annotations

import json
import shutil
import zipfile

import pytest
from openpyxl import load_workbook

from consolidate_data import cli
from jixiao.consolidate import consolidate
from jixiao.report import write_json
from jixiao.batch.folder import COPIES, RESULT_JSON, is_check_output, load_check

COMPARED = ("单位汇总", "项目明细", "指标明细", "异常清单", "来源")
OLD_FILE_KEYS = {"no", "file", "origin", "sha256", "status", "form_id", "form", "unit_code", "unit_name", "sender",
                 "received", "subject", "findings", "note"}


@pytest.fixture(scope="module")
def checked(clean_inbox, tmp_path_factory):
    out = tmp_path_factory.mktemp("check") / "审核结果"
    r = cli("check", clean_inbox, "--roster", clean_inbox.parent / "名册.csv", "-o", out, "--format", "json", "-j", "1")
    assert r.exit_code == 0, r.output
    return out


def sheets(path) -> dict:
    wb = load_workbook(path, read_only=True)
    return {name: [row for row in wb[name].iter_rows(values_only=True)] for name in COMPARED}


def test_check_keeps_a_named_copy_of_every_file(checked, clean_inbox):
    assert is_check_output(checked)
    copies = sorted(p.name for p in (checked / COPIES).iterdir())
    assert len(copies) == len(list(clean_inbox.glob("*.xlsx")))
    assert "101001-区第一中学-101001-P01.xlsx" in copies


def test_consolidating_the_check_output_equals_consolidating_the_inbox(checked, clean_inbox, tmp_path, monkeypatch):
    roster = clean_inbox.parent / "名册.csv"
    direct = tmp_path / "直接.xlsx"
    r = cli("consolidate", clean_inbox, "-r", roster, "--all", "-o", direct, "-j", "1", "--no-history", "--no-data")
    assert r.exit_code == 0, r.output

    def no_check(*args, **kwargs):
        raise AssertionError("validate_file ran again")
    monkeypatch.setattr("jixiao.rules.engine.validate_file", no_check)
    monkeypatch.setattr("jixiao.batch.pipeline.validate_file", no_check)
    again = tmp_path / "按审核结果.xlsx"
    r = cli("consolidate", checked, "-r", roster, "--all", "-o", again, "-j", "1", "--no-history", "--no-data")
    assert r.exit_code == 0, r.output
    assert "纳入汇总：项目 7 个" in r.text and "未报送：1 项" in r.text
    assert sheets(again) == sheets(direct) and len(sheets(direct)["项目明细"]) == 2 + 7      # title, header, 7 projects


def test_files_from_a_zip_stay_undated_and_equal(clean_inbox, tmp_path):
    """Attachments have no date of their own: the copies' modification times must not make them late."""
    roster = clean_inbox.parent / "名册.csv"
    box = tmp_path / "报送.zip"
    with zipfile.ZipFile(box, "w") as z:
        for p in sorted(clean_inbox.glob("*.xlsx")):
            z.write(p, p.name)
    out = tmp_path / "审核结果"
    assert cli("check", box, "-r", roster, "-o", out, "--format", "json", "-j", "1").exit_code == 0
    runs = {}
    for name, source in (("直接", box), ("按审核结果", out)):
        runs[name] = tmp_path / f"{name}.xlsx"
        r = cli("consolidate", source, "-r", roster, "--deadline", "2020-01-01", "-o", runs[name], "-j", "1",
                "--no-history", "--no-data")
        assert r.exit_code == 0 and "逾期报送" not in r.text, r.output
    assert sheets(runs["按审核结果"]) == sheets(runs["直接"])


def test_a_changed_copy_is_left_out_as_c009(checked, roster, tmp_path):
    folder = shutil.copytree(checked, tmp_path / "审核结果")
    copy = folder / COPIES / "102002-区妇幼保健院-102002-P01.xlsx"
    copy.write_bytes(copy.read_bytes() + b"\0")
    result = consolidate(folder, roster)
    c009 = [i for i in result.issues if i.finding.code == "C009"]
    assert [i.unit_code for i in c009] == ["102002"]
    assert result.stats["merged_projects"] == 6


def test_the_json_keeps_its_tables_and_reads_back_into_the_same_batch(checked, roster, tmp_path):
    doc = json.loads((checked / RESULT_JSON).read_text("utf-8"))
    assert all(OLD_FILE_KEYS <= set(row) for row in doc["files"])
    assert {"units", "missing", "rules", "totals", "superseded", "wrong_form"} <= set(doc)
    assert all(row["facts"]["year"] == 2025 and row["facts"]["project_code"] for row in doc["files"])

    again = json.loads(write_json(load_check(checked, roster), tmp_path / RESULT_JSON).read_text("utf-8"))
    for key in ("units", "missing", "rules", "totals", "superseded", "wrong_form", "generated_at", "profile_id"):
        assert again[key] == doc[key], key
    strip = [{k: v for k, v in row.items() if k != "facts"} for row in doc["files"]]
    assert [{k: v for k, v in row.items() if k != "facts"} for row in again["files"]] == strip


def test_a_check_output_cannot_be_mixed_with_other_inputs(checked, clean_inbox, tmp_path):
    r = cli("consolidate", checked, clean_inbox, "-r", clean_inbox.parent / "名册.csv", "-o", tmp_path / "x.xlsx")
    assert r.exit_code == 2 and "审核结果目录" in r.text, r.output


def test_an_old_check_output_asks_for_a_new_check(checked, clean_inbox, tmp_path):
    folder = shutil.copytree(checked, tmp_path / "审核结果")
    doc = json.loads((folder / RESULT_JSON).read_text("utf-8"))
    for row in doc["files"]:
        del row["facts"]
    (folder / RESULT_JSON).write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    r = cli("consolidate", folder, "-r", clean_inbox.parent / "名册.csv", "-o", tmp_path / "x.xlsx")
    assert r.exit_code == 2 and "重新运行 jixiao check" in r.text, r.output


def test_check_does_not_overwrite_a_folder_it_did_not_write(clean_inbox, tmp_path):
    (tmp_path / "结果" / COPIES).mkdir(parents=True)
    (tmp_path / "结果" / COPIES / "我的文件.xlsx").write_bytes(b"x")
    r = cli("check", clean_inbox, "-o", tmp_path / "结果", "--format", "json", "-j", "1")
    assert r.exit_code == 2 and "换一个输出目录" in r.text, r.output
    assert (tmp_path / "结果" / COPIES / "我的文件.xlsx").is_file()


def test_a_second_check_rewrites_the_copies(checked, clean_inbox, tmp_path):
    """The copies the earlier check recorded are replaced; a file it did not write there is the user's and stays."""
    folder = shutil.copytree(checked, tmp_path / "审核结果")
    doc = json.loads((folder / "审核结果.json").read_text("utf-8"))
    doc["files"].append({"facts": {"copy": f"{COPIES}/旧.xlsx"}})           # a copy of an earlier check, now gone
    (folder / "审核结果.json").write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    (folder / COPIES / "旧.xlsx").write_bytes(b"x")
    (folder / COPIES / "我的说明.docx").write_bytes(b"y")
    r = cli("check", clean_inbox, "-o", folder, "--format", "json", "-j", "1")
    assert r.exit_code == 0 and "将覆盖上次的输出" in r.text, r.output
    assert sorted(p.name for p in (folder / COPIES).iterdir()) == sorted(
        [p.name for p in (checked / COPIES).iterdir()] + ["我的说明.docx"])
