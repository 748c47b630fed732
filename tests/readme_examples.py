"""The README's example outputs, produced by real runs on the bundled samples, so that they cannot drift.

README.md marks each example block with HTML comments; what lies between them is generated here:

    <!-- example: score -->
    ```
    …what `jixiao score samples/self_eval_example.xlsx` prints…
    ```
    <!-- /example -->

    python -m tests.readme_examples            # list the blocks that differ from a fresh run (exit 1 if any)
    python -m tests.readme_examples --write    # rewrite the marked blocks in README.md from a fresh run

tests/test_readme_examples.py runs the same commands and fails when a block differs. The commands run exactly as the
README writes them, in a temporary folder where samples/ is the repository's; a letter's date (the day it is written)
is normalised, and the console width is fixed (COLUMNS) so that tables wrap the same way everywhere.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
BLOCK = re.compile(r"(<!-- example: (?P<name>[\w-]+) -->\n)(?P<body>.*?)(<!-- /example -->)", re.S)
LETTER_DATE = "2026年3月10日"            # a letter is dated the day it is written: shown as one fixed day
COLUMNS = {"score": 130, "check": 250, "consolidate": 250}


def jixiao(*args, columns: int = 120, cwd: Path = ROOT) -> str:
    """What `jixiao …` prints (stdout and stderr, as a terminal shows them), run from the repository root."""
    env = {**os.environ, "COLUMNS": str(columns), "NO_COLOR": "1", "TERM": "dumb", "PYTHONIOENCODING": "utf-8",
           "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)}
    env.pop("FORCE_COLOR", None)
    r = subprocess.run([sys.executable, "-m", "jixiao", *map(str, args)], cwd=cwd, env=env, capture_output=True,
                       text=True, encoding="utf-8", timeout=600)
    if r.returncode >= 2:
        raise RuntimeError(f"jixiao {' '.join(map(str, args))} 退出码 {r.returncode}：{r.stderr or r.stdout}")
    return (r.stdout + r.stderr).rstrip("\n")


def _pick(text: str, *needles: str) -> list[str]:
    """The first line containing each needle, in the needles' order (a missing one is an error, not a silent gap)."""
    lines = text.splitlines()
    out = []
    for needle in needles:
        found = next((line for line in lines if needle in line), None)
        if found is None:
            raise RuntimeError(f"输出中找不到含「{needle}」的行：\n{text}")
        out.append(found.rstrip())
    return out


def _letter(out: Path, stem: str) -> str:
    text = (out / "退回意见" / f"{stem}.txt").read_text("utf-8-sig").replace("\r\n", "\n").rstrip("\n")
    return re.sub(r"\d{4}年\d{1,2}月\d{1,2}日$", LETTER_DATE, text)


COMMANDS = {        # exactly as the README shows them, run in a folder where samples/ is the repository's
    "score": "jixiao score samples/self_eval_example.xlsx",
    "check": "jixiao check samples/inbox --roster samples/名册.xlsx --out 审核结果 --bureau 某某区财政局",
    "consolidate": "jixiao consolidate 审核结果/ --roster samples/名册.xlsx -o 汇总.xlsx",
}


def generate() -> dict[str, str]:
    """Every example's text, from fresh runs of COMMANDS on samples/ (about half a minute: the sample inbox is
    checked once)."""
    with tempfile.TemporaryDirectory(prefix="jixiao-readme-") as tmp:
        tmp = Path(tmp)
        (tmp / "samples").symlink_to(ROOT / "samples", target_is_directory=True)
        run = {name: jixiao(*cmd.split()[1:], columns=COLUMNS[name], cwd=tmp) for name, cmd in COMMANDS.items()}
        merged = run["consolidate"].splitlines()
        merged = merged[:merged.index(_pick(run["consolidate"], "已输出 ")[0])]     # up to the file it wrote
        return {
            "score": f"$ {COMMANDS['score']}\n" + run["score"],
            "check": "\n".join(_pick(run["check"], "inbox/069 ", "inbox/113 ", "共审核 ", "未报送：")),
            "letter": _letter(tmp / "审核结果", "101001-区第一中学-2025年度项目支出绩效自评表（学生资助补助资金）"),
            "letter-structure": _letter(tmp / "审核结果", "101003-区实验小学-附件1：学生资助补助资金绩效自评表"),
            "consolidate": f"$ {COMMANDS['consolidate']}\n" + "\n".join(line.rstrip() for line in merged),
        }


def render(text: str) -> str:
    """A block's body in README.md: the example in a plain code fence (no trailing blanks on a line)."""
    body = "\n".join(line.rstrip() for line in text.splitlines())
    return f"```\n{body}\n```\n"


def blocks(readme: str) -> dict[str, str]:
    return {m["name"]: m["body"] for m in BLOCK.finditer(readme)}


def differences(readme: str, examples: dict[str, str]) -> list[str]:
    """The marked blocks that differ from `examples`, and examples the README does not mark."""
    found = blocks(readme)
    out = [f"README.md 中没有标记 <!-- example: {name} -->" for name in examples if name not in found]
    out += [f"README.md 的示例「{name}」没有对应的命令（tests/readme_examples.py）" for name in found if name not in examples]
    out += [f"README.md 的示例「{name}」与实际输出不同" for name in examples
            if name in found and found[name] != render(examples[name])]
    return out


def rewrite(readme: str, examples: dict[str, str]) -> str:
    return BLOCK.sub(lambda m: m.group(1) + (render(examples[m["name"]]) if m["name"] in examples else m["body"])
                     + m.group(4), readme)


def main(argv: list[str]) -> int:
    examples = generate()
    readme = README.read_text("utf-8")
    if "--write" in argv:
        new = rewrite(readme, examples)
        if new != readme:
            README.write_text(new, "utf-8")
        print(f"README.md：重写了 {len(blocks(new))} 个示例块" + ("" if new != readme else "（内容未变）"))
        missing = differences(new, examples)
        for line in missing:
            print(line)
        return 1 if missing else 0
    problems = differences(readme, examples)
    for line in problems:
        print(line)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
