"""The spec loader on local policy profiles: 'extends' inheritance, unknown parents, cycles, schema errors, the CLI."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from jixiao.spec import loader
from jixiao.spec.loader import SpecError, load_profile

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "self_eval_example.xlsx"
CHINESE = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(autouse=True)
def fresh_caches():
    """The loader caches profiles by id and path; each test starts and ends with empty caches."""
    def clear():
        for obj in vars(loader).values():
            if callable(getattr(obj, "cache_clear", None)):
                obj.cache_clear()
    clear()
    yield
    clear()


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_local_profile_overrides_one_key_and_inherits_the_rest(tmp_path):
    national = load_profile("national")
    local = load_profile(write(tmp_path / "local.yaml", "id: local_test\nextends: national\nrectify_days: 15\n"))
    assert local["id"] == "local_test"
    assert local["rectify_days"] == 15 != national["rectify_days"]
    inherited = set(national) - {"id", "rectify_days", "extends"}
    assert inherited and {k: local[k] for k in inherited} == {k: national[k] for k in inherited}
    assert load_profile("national") == national                     # the built-in profile is unchanged


def test_local_profile_overrides_a_nested_key_only(tmp_path):
    national = load_profile("national")
    local = load_profile(write(tmp_path / "local.yaml", "id: local_test\nextends: national\n"
                                                        "quantitative: {reverse_rule: ratio}\n"))
    assert local["quantitative"] == {**national["quantitative"], "reverse_rule": "ratio"}


def test_extends_unknown_profile_raises_in_chinese(tmp_path):
    path = write(tmp_path / "local.yaml", "id: local_test\nextends: no_such_profile\nrectify_days: 15\n")
    with pytest.raises(SpecError) as e:
        load_profile(path)
    assert "no_such_profile" in str(e.value)
    assert CHINESE.search(str(e.value))


def test_extends_itself_raises(tmp_path):
    path = write(tmp_path / "self_ref.yaml", "id: self_ref\nextends: self_ref\nrectify_days: 15\n")
    with pytest.raises(SpecError) as e:
        load_profile(path)
    assert CHINESE.search(str(e.value))


def test_extends_cycle_raises(tmp_path, monkeypatch):
    """cycle_a extends cycle_b extends cycle_a: both files sit where profile ids are looked up."""
    monkeypatch.setattr(loader, "PROFILES_DIR", tmp_path, raising=False)
    write(tmp_path / "cycle_b.yaml", "id: cycle_b\nextends: cycle_a\nrectify_days: 15\n")
    path = write(tmp_path / "cycle_a.yaml", "id: cycle_a\nextends: cycle_b\nrectify_days: 16\n")
    with pytest.raises(SpecError) as e:
        load_profile(path)
    assert CHINESE.search(str(e.value))
    assert "cycle_a" in str(e.value) or "cycle_b" in str(e.value)


@pytest.mark.parametrize("body", [
    "id: local_test\nextends: national\nrectify_days: 0\n",                 # minimum 1
    "id: local_test\nextends: national\ngrades: 优\n",                       # not a list
    "id: Local-Test\nextends: national\n",                                   # id pattern
    "id: local_test\nname: 缺少其余必填项\n",                                # no extends: required keys missing
])
def test_profile_failing_its_schema_names_the_file(tmp_path, body):
    path = write(tmp_path / "bad_profile.yaml", body)
    with pytest.raises(SpecError) as e:
        load_profile(path)
    assert "bad_profile.yaml" in str(e.value)
    assert CHINESE.search(str(e.value))


def _score_json(*args: str) -> dict:
    done = subprocess.run([sys.executable, "-m", "jixiao", "score", str(SAMPLE), "--json", *args],
                          cwd=ROOT, capture_output=True, text=True, encoding="utf-8", timeout=300)
    assert done.returncode in (0, 1), done.stderr                   # 1: the workbook's cached results disagree
    assert "Traceback" not in done.stderr, done.stderr
    return json.loads(done.stdout)


def test_cli_score_uses_a_local_profile(tmp_path):
    """Grade thresholds above any reachable total make every submission 差; rectify_days shows the file was used."""
    path = write(tmp_path / "strict.yaml", "\n".join([
        "id: strict_local", "extends: national", "rectify_days: 7", "grades:",
        "  - {grade: 优, min: 1000}", "  - {grade: 良, min: 999}", "  - {grade: 中, min: 998}", "  - {grade: 差, min: 0}",
        ""]))
    national = _score_json()["values"]
    local = _score_json("--profile", str(path))["values"]
    assert national["grade"] != "差" and national["rectify_days"] != 7
    assert local["grade"] == "差"
    assert local["rectify_days"] == 7
    assert local["total_score"] == national["total_score"]           # only the grade lines changed
