"""Hostile workbooks for the batch as a whole: metadata that names a file, odd unit names, a 10 GiB sparse file."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Callable

from tests.hostile.workbooks import variant


def profile_path(folder: Path) -> None:
    variant(folder / "batch-口径是路径.xlsx", meta={"profile_id": "../../../../etc/passwd.yaml"}, project_code="H1")


def profile_bogus(folder: Path) -> None:
    variant(folder / "batch-口径未知.xlsx", meta={"profile_id": "bogus"}, project_code="H2")


def markup_names(folder: Path) -> None:
    variant(folder / "[red]batch[/red]" / "[/].xlsx", unit_name="区第一中学[/]", project_code="H3")


def escaped_controls(folder: Path) -> None:
    variant(folder / "batch-控制字符.xlsx", unit_name="区第一中学_x0000_", unit_code="101001_x0000_", project_code="H4")


def million_character_name(folder: Path) -> None:
    variant(folder / "batch-超长单位名.xlsx", unit_name="区" * 1_000_000, project_code="H5")


def sparse_giant(folder: Path) -> None:
    with open(folder / "batch-10G稀疏文件.xlsx", "wb") as f:
        f.write(b"PK\x03\x04")
        f.truncate(10 * 2**30)


def long_member(folder: Path) -> None:
    data = variant(folder / "batch-tmp.xlsx", project_code="H6").read_bytes()
    (folder / "batch-tmp.xlsx").unlink()
    with zipfile.ZipFile(folder / "batch-长文件名.zip", "w") as z:
        z.writestr("附件" + "很长的文件名" * 60 + ".xlsx", data)


CASES: dict[str, Callable[[Path], None]] = {
    "profile_path": profile_path, "profile_bogus": profile_bogus, "markup_names": markup_names,
    "escaped_controls": escaped_controls, "million_character_name": million_character_name,
    "sparse_giant": sparse_giant, "long_member": long_member,
}
