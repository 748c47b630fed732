"""The xlwings add-in without Excel: UDFs equal the library (and the templates' native formulas), scripts run through
OpenpyxlBook on real template files, the install guide names what exists, the CLI writes the settings."""

from __future__ import annotations

import ast
import csv
import hashlib
import io
import itertools
import random
import re
import sys
import types
import zipfile
import zlib
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

ADDIN = Path(__file__).resolve().parents[2] / "addin"
sys.path.insert(0, str(ADDIN))

import actions  # noqa: E402
import jixiao_addin as addin  # noqa: E402
from book import BookLike, OpenpyxlBook, excel_text, strip_vba  # noqa: E402

from jixiao.cli import addin as cli  # noqa: E402
from jixiao.rules.engine import validate_file  # noqa: E402
from jixiao.rules.finding import Finding  # noqa: E402
from jixiao.scoring.api import score_indicator  # noqa: E402
from jixiao.scoring.engine import Evaluation  # noqa: E402
from jixiao.scoring.sheet import score_form  # noqa: E402
from jixiao.spec.data import to_inputs  # noqa: E402
from jixiao.spec.layout import load_form  # noqa: E402
from jixiao.spec.loader import form_ids, load_profile, profile_ids  # noqa: E402
from tests.support.synth import random_data  # noqa: E402
from jixiao.template.builder import build_template, build_workbook  # noqa: E402
from jixiao.template.fill import fill_template  # noqa: E402
from jixiao.workbook import recalc  # noqa: E402
from jixiao.workbook.reader import open_workbook, read  # noqa: E402
from jixiao.workbook.sniff import sniff  # noqa: E402

CJK = re.compile(r"[\u4e00-\u9fff]")
GUIDE = ADDIN / "安装说明.md"
UDF_NAMES = {f.__name__ for f in addin.UDFS}
LINK = re.compile(r'^=HYPERLINK\("#\'((?:[^\']|\'\')+)\'!([A-Z]{1,3}[0-9]+)","([^"]*)"\)$')


def _key(findings) -> list[tuple]:
    return sorted((f.code, f.sheet, f.cell) for f in findings)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def filled(tmp_path_factory) -> Path:
    """A real self-evaluation template, filled with messy data (many findings), plus a name typed as a formula."""
    form = load_form("project_self_eval")
    data = random_data(form, random.Random(3), case="dirty")
    data["tables"]["indicators"].append({"name": '=HYPERLINK("http://x","y")', "nature": "≥", "target": 5,
                                         "actual": "=1+1", "weight": 10})
    return fill_template(data, tmp_path_factory.mktemp("filled") / "自评表.xlsx")


# ---- the module and its documentation -------------------------------------------------------------------------

def test_module_imports_and_every_function_has_chinese_help():
    assert len(UDF_NAMES) == 6 and len(addin.SCRIPTS) == 6
    for f in [*addin.UDFS, *addin.SCRIPTS.values()]:
        doc = (f.__doc__ or "").strip()
        assert doc and "\n" not in doc and CJK.search(doc), f.__name__


def _decorated() -> dict[str, tuple[ast.FunctionDef, list[ast.Call]]]:
    tree = ast.parse((ADDIN / "jixiao_addin.py").read_text(encoding="utf-8"))
    out = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            calls = [d for d in node.decorator_list if isinstance(d, ast.Call)]
            plain = [d for d in node.decorator_list if isinstance(d, ast.Attribute)]
            out[node.name] = (node, calls + plain)
    return out


def _value(node):
    return getattr(addin, node.id) if isinstance(node, ast.Name) else ast.literal_eval(node)


def test_udf_decorators_category_and_chinese_argument_docs():
    for name, (node, decos) in _decorated().items():
        kinds = [ast.unparse(d.func if isinstance(d, ast.Call) else d) for d in decos]
        if name in UDF_NAMES:
            func = next(d for d in decos if isinstance(d, ast.Call) and ast.unparse(d.func) == "xw.func")
            assert {k.arg: _value(k.value) for k in func.keywords} == {"category": "预算绩效"}
            docs = {}
            for d in decos:
                if isinstance(d, ast.Call) and ast.unparse(d.func) == "xw.arg":
                    doc = next(k.value for k in d.keywords if k.arg == "doc")
                    docs[ast.literal_eval(d.args[0])] = doc
            params = [a.arg for a in node.args.args]
            assert set(docs) == set(params), name
            for p in params:
                assert CJK.search(_value(docs[p])), (name, p)
            assert all(p.isascii() for p in params), "VBA wrappers use the parameter names: keep them ASCII"
        elif name in {f.__name__ for f in addin.SCRIPTS.values()}:
            assert kinds == ["xw.script"] and not node.args.args, name
        else:
            assert "xw.func" not in kinds and "xw.script" not in kinds, name


def test_names_clash_with_nothing_in_the_templates_or_each_other():
    """Excel names are case-insensitive and share one table with VBA procedures: a UDF named like a template's
    defined name (the templates define JX_grade) would break; VBA also rejects two procedures differing in case."""
    macros = {f.__name__ for f in addin.SCRIPTS.values()}
    bas = set(re.findall(r"^Sub (\w+)\(", (ADDIN / "jixiao.bas").read_text("ascii"), re.M))
    everything = [n.upper() for n in [*UDF_NAMES, *macros, *bas]]
    assert len(everything) == len(set(everything))
    defined = set()
    for fid in form_ids():
        defined |= {n.upper() for n in build_workbook(load_form(fid), load_profile("national")).defined_names}
    assert not set(everything) & defined


def test_guide_names_every_function_and_script_and_nothing_else():
    text = GUIDE.read_text(encoding="utf-8")
    assert set(re.findall(r"\bJX_[A-Z][A-Z_]*\b", text)) == UDF_NAMES
    for chinese, f in addin.SCRIPTS.items():
        assert chinese in text and f"`{f.__name__}`" in text
        assert getattr(addin, f.__name__) is f
    for sub in re.findall(r"^Sub (\w+)\(", (ADDIN / "jixiao.bas").read_text("ascii"), re.M):
        assert f"`{sub}`" in text
    for pitfall in ("Could not activate Python COM server", "信任对 VBA 工程对象模型的访问", "Microsoft Store",
                    "32 位", "64 位", "WPS", "杀毒软件", "macOS", "Windows"):
        assert pitfall in text, pitfall


def test_bas_is_short_ascii_vba_calling_existing_scripts():
    raw = (ADDIN / "jixiao.bas").read_bytes()
    raw.decode("ascii")
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")        # VBA imports CRLF text
    calls = re.findall(rb'RunPython "import jixiao_addin; jixiao_addin\.(\w+)\(\)"', raw)
    assert {c.decode() for c in calls} == {f.__name__ for f in addin.SCRIPTS.values()}
    assert len(raw.splitlines()) < 40


def test_conf_file_has_the_xlwings_keys():
    raw = (ADDIN / "xlwings.conf").read_bytes()
    rows = dict(csv.reader(io.StringIO(raw.decode("ascii"))))
    assert set(rows) == {"INTERPRETER_WIN", "INTERPRETER_MAC", "PYTHONPATH", "UDF MODULES"}
    assert rows["UDF MODULES"] == "jixiao_addin"


# ---- worksheet functions ------------------------------------------------------------------------------------------

NATURES = ["≥", "＞", "＝", "＜", "≤", "定性", "定量（其他）", None, "大于"]
TARGETS = [0, 50, 0.3, "≥50个", "**人", None]
ACTUALS = [0, 25, 50, 130, "约100", None]


@pytest.mark.parametrize("profile", ["national", "beijing"])
def test_jx_score_equals_score_indicator_on_a_grid(profile):
    n = 0
    for nature, target, actual, weight, (manual, low) in itertools.product(
            NATURES, TARGETS, ACTUALS, [10, "10分", None], [(None, None), (8, "是")]):
        expected = score_indicator(target, actual, weight, nature=nature, manual=manual, low=low,
                                   profile=profile).score
        got = addin.JX_SCORE(nature, target, actual, weight, manual, low, profile)
        assert got == ("" if expected is None else expected), (nature, target, actual, weight, manual, low)
        n += 1
    assert n > 1500
    assert addin.JX_SCORE("≥", 95, 0.96, 10, unit="%") == 10      # 96% typed in a cell: Excel stores 0.96
    assert addin.JX_SCORE("≥", 95, 0.96, 10) == 0.1               # without the unit it is 0.96 of 95
    assert addin.JX_SCORE("≥", 50, None, 10) == ""             # not scored: blank, never 0
    assert addin.JX_SCORE("≥", 50, 0, 10) == 0
    assert addin.JX_SCORE("≥", 50, 60, 10, "", "", "") == 10     # blank cells mean "not given"
    assert addin.JX_SCORE("定性", "明显改善", "已改善", 10, "", "否") == ""


def test_grade_exec_rate_parse_target_profile_info():
    assert addin.JX_GRADE_OF(90) == "优" and addin.JX_GRADE_OF(59.99) == "差" and addin.JX_GRADE_OF("") == ""
    assert addin.JX_EXEC_RATE(200, 191.23456) == 0.9562 and addin.JX_EXEC_RATE(0, 5) == ""
    assert addin.JX_PARSE_TARGET("≥50个") == ["≥", 50, "个"]
    problem = addin.JX_PARSE_TARGET("**人")
    assert CJK.search(problem[0]) and "占位符" in problem[0] and problem[1:] == ["", ""]
    assert addin.JX_PARSE_TARGET("") == ["", "", ""]
    for pid in profile_ids():
        info = addin.JX_PROFILE_INFO(pid)
        assert [r[0] for r in info] == ["名称", "依据", "权重", "等级线", "超额阈值", "反向口径", "执行率位数"]
        assert all(len(r) == 2 and r[1] for r in info)
    assert addin.JX_PROFILE_INFO("beijing")[5][1] != addin.JX_PROFILE_INFO("national")[5][1]
    assert addin.JX_PROFILE_INFO("") == addin.JX_PROFILE_INFO("national")


def _engine_rows():
    """(profile, row, engine score) for the differential test's kind of generated data, dirty values excepted
    (score_indicator reads '10分' or '≥50个' leniently; the template does not)."""
    form = load_form("project_self_eval")
    for pid in profile_ids():
        prof = load_profile(pid)
        for case in ("random", "reverse", "target_zero", "rounding", "over", "qualitative"):
            data = random_data(form, random.Random(zlib.crc32(f"addin/{pid}/{case}".encode())), case=case)
            ev = Evaluation(form, prof, to_inputs(form, data))
            for i, row in enumerate(data["tables"].get("indicators", [])):
                yield pid, row, ev.value(f"indicators[{i}].score")


def _jx(row: dict, pid: str):
    return addin.JX_SCORE(row.get("nature"), row.get("target"), row.get("actual"), row.get("weight"),
                          row.get("manual"), row.get("low"), pid)


def test_jx_score_equals_the_python_engine_on_generated_rows():
    rows = list(_engine_rows())
    assert len(rows) >= 36
    assert any(r.get("nature") in ("≤", "＜") for _, r, _ in rows)
    assert any(r.get("target") == 0 for _, r, _ in rows)
    for pid, row, engine in rows:
        assert _jx(row, pid) == ("" if engine is None else engine), (pid, row)


@pytest.mark.libreoffice
def test_jx_score_equals_the_templates_native_formula_recalculated_by_libreoffice(tmp_path):
    form = load_form("project_self_eval")
    table = form.tables["indicators"]
    hand = [{"level1": "产出指标", "level2": "数量指标", "name": f"指标{i}", "nature": n, "target": t, "unit": "个",
             "actual": a, "weight": w}
            for i, (n, t, a, w) in enumerate([("≤", 100, 150, 10), ("≤", 100, 250, 10), ("＜", 8, 9, 7),
                                              ("＝", 0, 0, 5), ("≤", 0, 1, 5), ("≥", 0, 3, 5), ("≥", 8, 1, 0.1),
                                              ("≥", 200, 133.5, 3), ("≥", 3, 2, 10), ("≥", 50, None, 10),
                                              ("≥", 8, 1, 1), ("≥", 4, 2.675, 4), ("≥", 2, 1.005, 2)])]
    jobs = []
    for pid in profile_ids():
        jobs.append((pid, {"form": form.id, "tables": {"indicators": hand}}))
        for case in ("reverse", "target_zero", "rounding"):
            jobs.append((pid, random_data(form, random.Random(zlib.crc32(f"lo/{pid}/{case}".encode())), case=case)))
    paths = [fill_template(d, tmp_path / "in" / f"{i}-{pid}.xlsx", pid) for i, (pid, d) in enumerate(jobs)]
    outs = recalc.recalculate(paths, tmp_path / "out")
    compared = numbers = 0
    for (pid, data), out in zip(jobs, outs):
        values = recalc.recalculated_values(out)[table.sheet]
        for i, row in enumerate(data["tables"]["indicators"]):
            lo = values.get(form.cells[table.cell_id(i, "score")].coord)
            jx = _jx(row, pid)
            if lo is None or lo == "" or jx == "":
                assert (lo is None or lo == "") and jx == "", (pid, row, lo, jx)
            else:
                assert float(lo) == float(f"{float(jx):.15g}"), (pid, row, lo, jx)
                numbers += 1
            compared += 1
    assert compared >= 100 and numbers >= 50
    assert _jx(hand[-3], "national") == 0.13 and _jx(hand[-2], "national") == 2.68     # half up, as Excel


def test_jx_check_on_indicator_rows_uses_the_row_flags(filled):
    rows = [[r.get(k) for k in form_cols()] for r in read(filled).data["tables"]["indicators"]]
    table = addin.JX_CHECK(rows)
    assert table[0] == actions.HEADER
    flagged = {(r[3]) for r in table[1:] if r[4]}
    expected = set()
    for values in rows:
        row = dict(zip(form_cols(), values))
        if any(v is not None for v in values):
            expected |= set(score_indicator(row.get("target"), row.get("actual"), row.get("weight"),
                                            nature=row.get("nature"), manual=row.get("manual"), tier=row.get("tier"),
                                            low=row.get("low"), reason=row.get("reason"), level1=row.get("level1"),
                                            level2=row.get("level2"), name=row.get("name"),
                                            unit=row.get("unit")).flags)
    assert flagged == expected and flagged

    class FakeRange:                    # what xlwings passes for @xw.arg("rows", "range")
        sheet, row, column = types.SimpleNamespace(name="自评表"), 14, 1

        def options(self, ndim):
            return types.SimpleNamespace(value=[["产出指标", "数量指标", "培训人次", "≥", "**人", "人", 90, None, 10]])

    table = addin.JX_CHECK(FakeRange())
    assert ["强制", "自评表!E14", "产出指标/数量指标/培训人次", "年度指标值含占位符，请填写实际值", "T104 指标值为模板占位符"] \
        in table
    assert addin.JX_CHECK([[None] * 14])[1][0] == "通过"


def form_cols() -> list[str]:
    return list(load_form("project_self_eval").tables["indicators"].columns)


def test_jx_check_on_the_calling_workbook_validates_the_saved_file(filled, monkeypatch):
    monkeypatch.setattr(addin, "_caller_path", lambda: filled)
    before = _digest(filled)
    table = addin.JX_CHECK()
    assert table == actions.findings_table(validate_file(filled).findings)
    assert _digest(filled) == before
    monkeypatch.setattr(addin, "_caller_path", lambda: None)
    assert "请先保存" in addin.JX_CHECK()[1][3]


# ---- scripts through OpenpyxlBook ---------------------------------------------------------------------------------

def _sheet_rows(path: Path, sheet: str) -> list[list]:
    ws = load_workbook(path)[sheet]
    return [[c.value for c in row] for row in ws.iter_rows()]


def test_openpyxl_book_is_a_booklike_and_never_overwrites_its_file(filled, tmp_path):
    book = OpenpyxlBook(filled)
    assert isinstance(book, BookLike)
    with pytest.raises(ValueError):
        book.save_copy(filled)
    copy = book.save_copy(tmp_path / "copy.xlsx")
    assert _digest(copy) == _digest(filled)              # untouched book: a byte copy, cached values kept


def test_validate_writes_the_same_findings_as_the_validator_with_working_links(filled, tmp_path):
    before = _digest(filled)
    expected = validate_file(filled).findings
    book = OpenpyxlBook(filled)
    report = actions.validate_workbook(book)
    assert _key(report.findings) == _key(expected)
    out = book.save_copy(tmp_path / "校验后.xlsx")
    assert _digest(filled) == before
    rows = _sheet_rows(out, actions.CHECK_SHEET)
    assert rows[0] == actions.HEADER and len(rows) == len(expected) + 1
    sheets = load_workbook(out).sheetnames
    from_sheet, links = [], 0
    for severity, where, label, message, rule in rows[1:]:
        m = LINK.match(where)
        if m:
            sheet, cell = m.group(1).replace("''", "'"), m.group(2)
            assert sheet in sheets and m.group(3) == f"{sheet}!{cell}"
            links += 1
        else:
            assert not str(where).startswith("=")
            sheet, _, cell = str(where or "").partition("!")
        from_sheet.append((rule.split()[0], sheet, cell))
    assert links > 20 and sorted(from_sheet) == _key(expected)
    formulas = open_workbook(out).formulas[actions.CHECK_SHEET]
    assert formulas and all(ref.startswith("B") and LINK.match(f) for ref, f in formulas.items())
    texts = [r[2] for r in rows[1:]] + [r[3] for r in rows[1:]]
    assert any(str(t).startswith('=HYPERLINK("http://x"') for t in texts)    # user text that looks like a formula
    # idempotent: again on the same book and on the written copy, no duplicate rows
    actions.validate_workbook(book)
    again = actions.validate_workbook(OpenpyxlBook(out))
    assert _key(again.findings) == _key(expected)
    out2 = OpenpyxlBook(out)
    actions.validate_workbook(out2)
    assert _sheet_rows(out2.save_copy(tmp_path / "again.xlsx"), actions.CHECK_SHEET) == rows


def test_text_starting_with_equals_is_written_as_text(tmp_path):
    book = OpenpyxlBook(build_template("project_goal", path=tmp_path / "t.xlsx"))
    book.reset_sheet(actions.CHECK_SHEET)
    book.write(actions.CHECK_SHEET, "A1", actions.findings_table([Finding("S001", detail="=SUM(1,2)")]))
    out = book.save_copy(tmp_path / "o.xlsx")
    assert load_workbook(out)[actions.CHECK_SHEET]["D2"].value == "=SUM(1,2)"
    assert actions.CHECK_SHEET not in open_workbook(out).formulas or not open_workbook(out).formulas[actions.CHECK_SHEET]
    assert excel_text(["=1", "", 3]) == ["'=1", None, 3]           # what XlwingsBook sends to Excel


def test_compute_scores_matches_score_form(filled, tmp_path):
    fr = read(filled)
    expected = score_form(fr.form, load_profile("national"), fr.data)
    book = OpenpyxlBook(filled)
    got = actions.compute_scores(book)
    assert got["total"] == expected.get("total_score") and got["grade"] == expected.get("grade")
    assert got["values"] == expected.values
    rows = _sheet_rows(book.save_copy(tmp_path / "算分.xlsx"), actions.SCORE_SHEET)
    assert ["总分", expected.get("total_score")] == next(r for r in rows if r[0] == "总分")[:2]
    actions.compute_scores(book)
    assert _sheet_rows(book.save_copy(tmp_path / "算分2.xlsx"), actions.SCORE_SHEET) == rows


def test_compute_scores_on_a_clean_form_gives_a_grade(tmp_path):
    form = load_form("project_self_eval")
    path = fill_template(random_data(form, random.Random(11)), tmp_path / "clean.xlsx", "nanjing")
    fr = read(path)
    expected = score_form(fr.form, load_profile("nanjing"), fr.data)
    got = actions.compute_scores(OpenpyxlBook(path))
    assert got["profile"] == "nanjing"
    assert (got["total"], got["grade"]) == (expected.get("total_score"), expected.get("grade"))


def test_import_last_year_copies_the_indicators(tmp_path):
    last = random_data(load_form("project_goal"), random.Random(5))
    first = last["tables"]["indicators"][0]
    first.update(target="≥50个")
    first.pop("nature", None)
    first.pop("unit", None)
    source = fill_template(last, tmp_path / "上年目标表.xlsx")
    blank = build_template("project_self_eval", path=tmp_path / "本年自评表.xlsx")
    before = _digest(blank), _digest(source)
    book = OpenpyxlBook(blank)
    result = actions.import_last_year(book, source)
    out = book.save_copy(tmp_path / "导入后.xlsx")
    assert (_digest(blank), _digest(source)) == before
    got = read(out).data["tables"]["indicators"]
    want = read(source).data["tables"]["indicators"]
    assert result["imported"] == len(want) == len(got)
    assert got[0] == {"level1": first["level1"], "level2": first["level2"], "name": first["name"], "nature": "≥",
                      "target": 50, "unit": "个"}
    for g, w in zip(got[1:], want[1:]):
        assert g == {k: w[k] for k in load_form("project_self_eval").carry_over["indicators"] if k in w}
    with pytest.raises(actions.AddinError, match="不覆盖|为避免覆盖"):
        actions.import_last_year(OpenpyxlBook(out), source)
    again = OpenpyxlBook(out)
    actions.import_last_year(again, source, overwrite=True)
    assert read(again.save_copy(tmp_path / "再导入.xlsx")).data["tables"]["indicators"] == got


def test_export_json_beside_the_workbook(filled, tmp_path):
    import json
    path = tmp_path / filled.name
    path.write_bytes(filled.read_bytes())
    out = actions.export_json(OpenpyxlBook(path))
    assert out == path.with_suffix(".json")
    assert json.loads(out.read_text(encoding="utf-8"))["data"] == json.loads(json.dumps(read(path).data, default=str))


def test_consolidate_folder_writes_a_department_workbook(tmp_path):
    """汇总文件夹 runs the real consolidation (it used to call a function the library never had)."""
    from tests.hostile.workbooks import variant
    from jixiao.consolidate import read_consolidation
    from jixiao.consolidate.records import Source
    folder = tmp_path / "各单位"
    variant(folder / "a.xlsx", project_code="P1")
    variant(folder / "b.xlsx", project_code="P2", unit_code="101002", unit_name="区第二中学")
    out = actions.consolidate(folder)
    assert out == tmp_path / "各单位-汇总.xlsx"
    rb = read_consolidation(out, Source(out.name, ""))
    assert sorted(r.get("project_code") for r in rb.projects) == ["P1", "P2"]
    (folder / "c.xlsx").write_bytes((ADDIN.parent / "xlsx_templates" / "项目支出绩效目标申报表.xlsx").read_bytes())
    with pytest.raises(actions.AddinError, match="--form|多种表单"):
        actions.consolidate(folder)


def _xlsm(xlsx: Path, out: Path) -> Path:
    with zipfile.ZipFile(xlsx) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    ct = parts["[Content_Types].xml"].decode()
    ct = ct.replace("spreadsheetml.sheet.main+xml", "x").replace(
        "application/vnd.openxmlformats-officedocument.x", "application/vnd.ms-excel.sheet.macroEnabled.main+xml")
    ct = ct.replace("</Types>", '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject" /></Types>')
    parts["[Content_Types].xml"] = ct.encode()
    rels = parts["xl/_rels/workbook.xml.rels"].decode().replace("</Relationships>", (
        '<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" '
        'Target="vbaProject.bin" /></Relationships>'))
    parts["xl/_rels/workbook.xml.rels"] = rels.encode()
    parts["xl/vbaProject.bin"] = b"\xd0\xcf\x11\xe0 not really VBA"
    with zipfile.ZipFile(out, "w") as z:
        for n, d in parts.items():
            z.writestr(n, d)
    return out


def test_a_workbook_with_imported_functions_is_checked_without_its_macros(filled, tmp_path):
    xlsm = _xlsm(filled, tmp_path / "带函数.xlsm")
    assert sniff(xlsm).kind == "xlsm" and validate_file(xlsm).findings[0].code == "B103"
    before = _digest(xlsm)
    assert actions.check_file(xlsm) == actions.findings_table(validate_file(filled).findings)
    assert _digest(xlsm) == before
    copy = tmp_path / "copy.xlsx"
    copy.write_bytes(xlsm.read_bytes())
    assert sniff(strip_vba(copy)).kind == "xlsx"
    assert _digest(strip_vba(filled)) == _digest(filled)           # nothing to strip: untouched


class ScriptBook(OpenpyxlBook):
    """OpenpyxlBook with the dialogs a script uses inside Excel."""

    def __init__(self, path, pick=None):
        super().__init__(path)
        self.pick, self.told = pick, []

    def alert(self, text):
        self.told.append(text)

    def ask_file(self, title):
        return self.pick

    def ask_folder(self, title):
        return self.pick


def test_script_wrappers_report_in_chinese(filled, tmp_path, monkeypatch):
    book = ScriptBook(filled)
    monkeypatch.setattr(addin, "XlwingsBook", lambda _: book)
    monkeypatch.setattr(addin.xw.Book, "caller", classmethod(lambda cls: None), raising=False)
    addin.jixiao_validate()
    addin.jixiao_scores()
    assert "校验完成" in book.told[0] and "总分" in book.told[1]
    assert set(book.sheet_names()) >= {actions.CHECK_SHEET, actions.SCORE_SHEET}
    addin.jixiao_import_last_year()                                   # cancelled dialog
    addin.jixiao_consolidate()
    assert book.told[2:] == ["已取消。", "已取消。"]
    book.pick = filled                                                # this book already has indicators
    addin.jixiao_import_last_year()
    assert "为避免覆盖" in book.told[-1]
    copy = tmp_path / "导出.xlsx"
    copy.write_bytes(filled.read_bytes())
    other = ScriptBook(copy)
    monkeypatch.setattr(addin, "XlwingsBook", lambda _: other)
    addin.jixiao_export_json()
    assert other.told == [f"已导出：{copy.with_suffix('.json')}"]


# ---- CLI: jixiao addin conf / install ------------------------------------------------------------------------------

runner = CliRunner()


def test_cli_conf_prints_and_writes_the_settings(tmp_path):
    res = runner.invoke(cli.app, ["conf"])
    assert res.exit_code == 0, res.output
    rows = dict(csv.reader(io.StringIO(res.stdout)))
    assert rows["PYTHONPATH"] == str(ADDIN) and rows["UDF MODULES"] == "jixiao_addin"
    key = "INTERPRETER_WIN" if sys.platform.startswith("win") else "INTERPRETER_MAC"
    assert Path(rows[key]).name.lower().startswith("python")
    out = tmp_path / "xlwings.conf"
    assert runner.invoke(cli.app, ["conf", "--out", str(out), "--no-interpreter"]).exit_code == 0
    assert dict(csv.reader(io.StringIO(out.read_text()))) == {"PYTHONPATH": str(ADDIN), "UDF MODULES": "jixiao_addin"}


def test_cli_conf_into_a_template_copy(filled, tmp_path):
    before = _digest(filled)
    out = tmp_path / "模板-带加载项配置.xlsx"
    res = runner.invoke(cli.app, ["conf", "--into", str(filled), "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert _digest(filled) == before
    wb = load_workbook(out)
    ws = wb[cli.CONF_SHEET]
    conf = {r[0]: r[1] for r in ws.iter_rows(values_only=True)}
    assert conf["PYTHONPATH"] == str(ADDIN) and conf["UDF Modules"] == "jixiao_addin"
    assert ws.sheet_state == "hidden" and wb.sheetnames[0] == "自评表"
    assert _key(validate_file(out).findings) == _key(validate_file(filled).findings)
    assert runner.invoke(cli.app, ["conf", "--into", str(filled), "-o", str(filled)]).exit_code == 2
    assert runner.invoke(cli.app, ["conf", "--into", str(filled)]).exit_code == 2


def test_cli_install_prints_the_steps_without_running_them():
    res = runner.invoke(cli.app, ["install"])
    assert res.exit_code == 0
    for text in ('pip install "jixiao[addin]"', "xlwings addin install", "jixiao addin conf --into",
                 "信任对 VBA 工程对象模型的访问", str(ADDIN / "安装说明.md")):
        assert text in res.stdout, text
    for f in addin.SCRIPTS.values():
        assert f.__name__ in res.stdout
    for name in UDF_NAMES:
        assert name in res.stdout


class _FakeRange:
    def __init__(self, store, key):
        self.store, self.key = store, key

    value = property(lambda self: self.store.get(self.key), lambda self, v: self.store.__setitem__(self.key, v))
    formula = property(lambda self: self.store.get(self.key),
                       lambda self, v: self.store.__setitem__(self.key, ("formula", v)))


class _FakeSheet:
    def __init__(self, name):
        self.name, self.cells = name, {}

    def range(self, ref):
        return _FakeRange(self.cells, ref)

    def clear(self):
        self.cells.clear()


class _FakeSheets(list):
    def __getitem__(self, key):
        return next(s for s in self if s.name == key) if isinstance(key, str) else list.__getitem__(self, key)

    def add(self, name, after=None):
        self.append(_FakeSheet(name))


def test_xlwings_book_one_liners_against_a_stand_in_for_xlwings(tmp_path):
    from book import XlwingsBook
    src = tmp_path / "单位.xlsx"
    src.write_bytes(b"saved")
    fake = types.SimpleNamespace(name="单位.xlsx", fullname=str(src), sheets=_FakeSheets([_FakeSheet("自评表")]),
                                 api=types.SimpleNamespace())                    # no SaveCopyAs: the macOS path
    book = XlwingsBook(fake)
    assert isinstance(book, BookLike)
    assert book.path == src and book.name == "单位.xlsx" and book.sheet_names() == ["自评表"]
    book.reset_sheet("校验结果")
    book.write("校验结果", "A1", [["=1+1", "", 2.5]])
    book.write("校验结果", "A2", "1,200")
    book.write_formula("校验结果", "B2", '=HYPERLINK("#\'自评表\'!A1","自评表!A1")')
    cells = fake.sheets["校验结果"].cells
    assert cells["A1"] == [["'=1+1", None, 2.5]] and cells["A2"] == "'1,200" and cells["B2"][0] == "formula"
    book.reset_sheet("校验结果")
    assert not fake.sheets["校验结果"].cells and len(fake.sheets) == 2
    assert book.save_copy(tmp_path / "copy.xlsx").read_bytes() == b"saved"
    assert XlwingsBook(types.SimpleNamespace(fullname="工作簿1")).path is None
