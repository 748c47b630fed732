"""The wheel built from the repository holds every data file of the jixiao package (a non-editable install works)."""

from __future__ import annotations

import importlib.metadata
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PROJECT_FILES = ("pyproject.toml", "README.md", "LICENSE", "MANIFEST.in", "setup.cfg", "setup.py")


def _git_files(*args: str) -> list[str]:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("不是 git 工作区，无法列出受版本控制的文件")
    out = subprocess.run(["git", "ls-files", "-z", *args], cwd=ROOT, capture_output=True, check=True).stdout
    return [f for f in out.decode("utf-8").split("\0") if f and (ROOT / f).is_file()]   # not the deleted ones


def _version(dist: str) -> tuple[int, ...]:
    try:
        return tuple(int(x) for x in importlib.metadata.version(dist).split(".")[:2])
    except (importlib.metadata.PackageNotFoundError, ValueError):
        return ()


def _build_here() -> bool:
    """True when this interpreter can build the wheel without fetching setuptools (>=68, bdist_wheel available)."""
    st = _version("setuptools")
    return bool(st) and st >= (68,) and (st >= (70, 1) or bool(_version("wheel")))


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """Build the wheel from a copy of the working tree (the build leaves build/ and *.egg-info behind) and list it."""
    src = tmp_path_factory.mktemp("src")
    for rel in _git_files("--cached", "--others", "--exclude-standard", "--", "jixiao", *PROJECT_FILES):
        if (ROOT / rel).is_file():
            (src / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / rel, src / rel)
    dist = tmp_path_factory.mktemp("dist")
    cmd = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--disable-pip-version-check", "-q", "-w", str(dist)]
    if _build_here():
        cmd.append("--no-build-isolation")
    done = subprocess.run(cmd + [str(src)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"构建 wheel 失败：\n{done.stdout}\n{done.stderr}"
    wheels = list(dist.glob("jixiao-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


@pytest.fixture(scope="module")
def wheel_members(wheel) -> set[str]:
    with zipfile.ZipFile(wheel) as z:
        return set(z.namelist())


def test_wheel_holds_every_tracked_data_file(wheel_members):
    data = [f for f in _git_files("--", "jixiao") if not f.endswith(".py") and "__pycache__" not in f.split("/")]
    assert data, "jixiao/ 下应有数据文件（表单定义、政策口径、JSON Schema）"
    missing = sorted(set(data) - wheel_members)
    assert not missing, f"wheel 缺少运行时数据文件（检查 pyproject.toml 的 package-data）：{missing}"


def test_wheel_holds_every_module_and_the_console_script(wheel, wheel_members):
    modules = [f for f in _git_files("--", "jixiao") if f.endswith(".py")]
    assert not sorted(set(modules) - wheel_members)
    with zipfile.ZipFile(wheel) as z:
        name = next(m for m in z.namelist() if m.endswith(".dist-info/entry_points.txt"))
        text = z.read(name).decode("utf-8")
    assert "jixiao = jixiao.cli.app:main" in text


def test_wheel_holds_no_test_helpers(wheel_members):
    assert "jixiao/synth.py" not in wheel_members           # test-only: tests/support/synth.py
    assert not [m for m in wheel_members if m.startswith("tests/")]
