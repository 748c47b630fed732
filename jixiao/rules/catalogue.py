"""The rule catalogue as people read it: validators/RULES.md, generated from the registry and the form specs."""

from __future__ import annotations

from functools import lru_cache
from types import SimpleNamespace

from ..scoring.engine import cell_expression, profile_key
from ..scoring.expr import Flags
from ..spec.layout import load_form
from ..spec.loader import form_ids, load_profile, profile_ids
from .registry import FAMILIES, RULES, SEVERITIES, Rule, all_rules

MAX_MESSAGES = 8            # template messages shown per rule; the rest are counted
PROBES = (None, "非数字文字", "文" * 5000, "XX")      # values that make every entered-value rule fire where it can

INTRO = """\
# jixiao 规则目录

> 本文件由 `jixiao rules --write` 根据规则注册表和表单定义自动生成，请勿手工修改。

jixiao 审核报送的工作簿时，每发现一个问题就给出一条“核查结果”，注明规则编号、严重程度、所在单元格和提示信息。\
本目录列出全部规则。

## 严重程度

| 严重程度 | 含义 |
|---|---|
| 强制 | 必须改正。有强制性问题的文件不予通过，须修改后重新报送；`jixiao check` 的退出码为 1。 |
| 提示 | 可以通过，但须书面说明原因（如偏差原因、超额完成原因），由审核人员确认。 |
| 建议 | 改进建议，不影响通过。 |

## 规则编号

规则编号由一个大写字母（规则类别）和三位数字组成，如 `G104`。编号一经使用不再改变含义，规则停用后编号也不再分配给\
其他规则。必填、格式、运算、评分类规则的数字部分按表单分段：0xx 各表通用，1xx 项目支出目标申报表和自评表（部分也用于\
其他表单），2xx 部门整体目标申报表和自评表，3xx 运行监控表，4xx 事前绩效评估表和绩效目标审核表，5xx 绩效评价指标体系、\
分析工作底稿和结果应用（结果应用页与项目支出自评表共用）。每条规则的“适用表单”由表单定义推算得出。

## 只检查或不检查部分规则

`jixiao check` 的 `--select` 和 `--ignore` 接受规则编号或编号前缀，多个用逗号分隔：

```bash
jixiao check 收件箱/ --select G,A002      # 只检查评分与指标类规则和 A002
jixiao check 收件箱/ --ignore G108,X      # 不检查 G108 和表间与名册类规则
jixiao rules --code G104                  # 在命令行查看一条规则
```

提示信息中的 `{label}` 为单元格的指标路径或栏目名称，`{value}` 为填报内容，`{expected}` 为应填内容，\
`{difference}` 为差额，`{file}` 为文件，`{detail}` 为具体说明（模板中核查公式给出的提示原文）。
"""

FAMILY_NOTES = {
    "S": "工作簿能否按官方模板逐格读取：表单识别、模板标识与版本、工作表和表头、定义名称、公式是否被改写。",
    "R": "应填未填的内容。",
    "T": "填报内容的类型和格式：数字、下拉选项、日期、长度、占位符。",
    "A": "模板公式单元格中的结果与按规则重新计算的结果是否一致。",
    "X": "工作簿中的单位与报送名册、发件人核对；指标体系与分析工作底稿互相对应。",
    "G": "评分、权重和指标设置是否符合评分规则和政策口径。",
    "C": "部门、财政局汇总时的节点平衡和纳入汇总的范围。",
    "B": "收件时的文件和邮件：附件、压缩包、加密、宏、损坏、重复报送。",
}


def load_all() -> dict[str, Rule]:
    """The complete registry (registry.all_rules)."""
    return all_rules()


@lru_cache(maxsize=1)
def rule_usage() -> tuple[dict[str, dict[str, set[str]]], dict[str, set[str]]]:
    """Derived from the form specs under every policy profile: code → {form id → profiles} of the rules a form can
    raise (template flag checks, entered-value checks, arithmetic checks), and code → the template's own messages."""
    from ..template.builder import formula_of
    from .arithmetic import CALC_CODES
    from .cells import check_cell

    forms: dict[str, dict[str, set[str]]] = {}
    messages: dict[str, set[str]] = {}

    def use(code: str, fid: str, pids) -> None:
        forms.setdefault(code, {}).setdefault(fid, set()).update(pids)

    pids = profile_ids()
    for fid in form_ids():
        form = load_form(fid)
        fr = SimpleNamespace(form=form, data={"tables": {}})
        for cell in form.inputs():           # ask the entered-value check itself what each input cell can raise
            for value in PROBES:
                finding = check_cell(cell, value, fr, "")
                if finding is not None:
                    use(finding.code, fid, pids)
        for pid in pids:
            pkey = profile_key(load_profile(pid))
            for cell in (c for c in form.cells.values() if c.is_calc):
                node, _ = cell_expression(form, cell, pkey)
                if isinstance(node, Flags):
                    for check in (c for c in node.checks if c.code):
                        use(check.code, fid, [pid])
                        if isinstance(check.message, str):
                            messages.setdefault(check.code, set()).add(check.message)
                    continue
                use(CALC_CODES.get(cell.props["calc"], "A001"), fid, [pid])
                content = formula_of(form, cell, pkey)
                if isinstance(content, str) and content.startswith("="):
                    use("S009", fid, [pid])
    return forms, messages


@lru_cache(maxsize=None)
def _form_title(fid: str) -> str:
    return load_form(fid).spec["title"]


def applies_to(code: str) -> str:
    """The forms a rule applies to, in Chinese ('' when it is not tied to forms); profile-only uses are marked."""
    used = rule_usage()[0].get(code)
    if not used:
        return ""
    all_pids = set(profile_ids())
    if set(used) == set(form_ids()) and all(p == all_pids for p in used.values()):
        return f"全部表单（{len(used)} 种）"
    parts = []
    for fid in form_ids():
        if fid in used:
            only = "" if used[fid] == all_pids else "（仅" + "；".join(
                f"{load_profile(p)['name']}口径，--profile {p}" for p in sorted(used[fid])) + "）"
            parts.append(_form_title(fid) + only)
    return "；".join(parts)


def rule_fields(code: str) -> list[tuple[str, str]]:
    """(heading, text) of one rule as the catalogue and `jixiao rules --code` show it."""
    r = RULES[code]
    rows = [("编号", r.code), ("名称", r.title), ("类别", f"{r.code[0]} {r.family}"), ("严重程度", r.severity)]
    forms = applies_to(code)
    if forms:
        rows.append(("适用表单", forms))
    rows.append(("依据", r.basis))
    rows.append(("提示信息", r.message))
    if r.message.strip() == "{detail}":
        shown = sorted(rule_usage()[1].get(code, ()))
        if shown:
            more = f"（共 {len(shown)} 种）" if len(shown) > MAX_MESSAGES else ""
            rows.append(("模板核查提示", "\n".join(shown[:MAX_MESSAGES] + ([f"……{more}"] if more else []))))
    if r.description:
        rows.append(("说明", r.description))
    return rows


def _md(text: str) -> str:
    """One line of plain text safe in Markdown."""
    for ch in "\\`*_|":
        text = text.replace(ch, "\\" + ch)
    return text


def _summary() -> list[str]:
    head = "| 类别 | 名称 | " + " | ".join(SEVERITIES) + " | 合计 |"
    lines = ["## 规则类别", "", head, "|---|---|" + "---:|" * (len(SEVERITIES) + 1)]
    totals = [0] * len(SEVERITIES)
    for letter, name in FAMILIES.items():
        counts = [sum(1 for c, r in RULES.items() if c[0] == letter and r.severity == s) for s in SEVERITIES]
        totals = [a + b for a, b in zip(totals, counts)]
        lines.append(f"| [{letter}](#{letter.lower()}-{name}) | {name} | " + " | ".join(map(str, counts))
                     + f" | {sum(counts)} |")
    lines.append("| | **合计** | " + " | ".join(f"**{n}**" for n in totals) + f" | **{sum(totals)}** |")
    return lines


def _entry(code: str) -> list[str]:
    fields = dict(rule_fields(code))
    lines = [f"### {code} {fields.pop('名称')}", ""]
    for key in ("编号", "类别"):
        fields.pop(key)
    for key, text in fields.items():
        if key == "提示信息":
            lines.append(f"- **{key}**：`{text}`")
        elif "\n" in text:
            lines += [f"- **{key}**："] + [f"  - {_md(t)}" for t in text.splitlines()]
        else:
            lines.append(f"- **{key}**：{_md(text)}")
    return lines + [""]


def catalogue_markdown() -> str:
    """The whole of validators/RULES.md: deterministic (sorted, no timestamps)."""
    load_all()
    lines = [INTRO.rstrip(), ""] + _summary() + [""]
    for letter, name in FAMILIES.items():
        codes = sorted(c for c in RULES if c[0] == letter)
        if not codes:
            continue
        note = FAMILY_NOTES.get(letter)
        lines += [f"## {letter} {name}", ""] + ([note, ""] if note else [])
        for code in codes:
            lines += _entry(code)
    return "\n".join(lines).rstrip() + "\n"
