"""The return letter (退回意见) or approval notice (审核通过通知) for one received file, as plain text."""

from __future__ import annotations

from datetime import date
from pathlib import Path


from ..intake.roster import Unit
from ..rules.finding import FileReport
from ..rules.registry import RULES, SEVERITIES
from ..workbook.safe import clean_text
from .causes import Item, item_counts, needs_refill, unit_items
from .model import form_title, sent_name, to_datetime, write_text_atomic

FULL_ITEMS = 50                 # items listed one by one; the rest are summarised per rule
INDENT = "　　"
CN_NUM = "一二三四五六七八九十"


def _cn(n: int) -> str:
    """1 → 一 … 99 → 九十九 (sheet headings)."""
    if n <= 10:
        return CN_NUM[n - 1]
    tens, ones = divmod(n, 10)
    return (CN_NUM[tens - 1] if tens > 1 else "") + "十" + (CN_NUM[ones - 1] if ones else "")


def _cn_date(d) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _sentence(text: str) -> str:
    return text if text.endswith(("。", "！", "？", "；", ".")) else text + "。"


def _result(n: dict[str, int], status: str) -> str:
    if status == "通过":
        return "经审核，未发现问题，审核通过。"
    if status == "建议":
        return f"经审核，审核通过。另有建议{n['建议']}项供参考，无需重新报送："
    parts = [f"{label}{n[s]}项" for s, label in (("强制", "须修改的问题"), ("提示", "须修改或说明的问题"),
                                                   ("建议", "建议")) if n[s]]
    return f"经审核，发现{'、'.join(parts)}，现予退回。具体意见如下："


def _items(items: list[Item]) -> list[str]:
    """Numbered lines grouped by sheet, sheets in the order of their most serious item (causes.unit_items)."""
    groups: dict[str, list[Item]] = {}
    for item in items:
        groups.setdefault(item.sheet or "", []).append(item)
    lines, no = [], 0
    for g, (sheet, group) in enumerate(groups.items(), 1):
        lines.append(f"{_cn(g) if g <= 99 else g}、{'「' + sheet + '」' if sheet else '文件整体'}")
        for item in group:
            no += 1
            lines.append(f"{no}.【{item.severity}】{_sentence(item.text)}")
    return lines


def _rest(items: list[Item], feedback_name: str) -> list[str]:
    per_rule: dict[str, int] = {}
    for item in items:
        per_rule[item.codes[0]] = per_rule.get(item.codes[0], 0) + 1
    lines = [f"另有{len(items)}项问题，按规则汇总如下（逐项明细见随附的《{feedback_name}》）："]
    for code, n in sorted(per_rule.items(), key=lambda kv: (SEVERITIES.index(RULES[kv[0]].severity), kv[0])):
        lines.append(f"· {code} {RULES[code].title}（{RULES[code].severity}）：{n}项")
    return lines


def render_letter(file_report: FileReport, unit: Unit | None = None, bureau: str = "XX区财政局",
                  deadline_days: int = 5, contact: str | None = None, feedback_name: str = "需修改事项",
                  today: date | None = None, items: list[Item] | None = None) -> str:
    """The letter text (lines joined with \\n); `items`: the file's unit_items(), when already made."""
    fr = file_report
    status = fr.status
    items = unit_items(fr) if items is None else items     # one item per cause, then the other findings one by one
    n = item_counts(items)
    passed = status in ("通过", "建议")
    name = unit.name if unit else (fr.unit_name or "（未识别单位）")
    when = to_datetime(fr.facts.get("date"))
    form = form_title(fr.form_id) or "材料"
    received = f"你单位{'于' + _cn_date(when) if when else ''}报送的《{form}》（文件：{sent_name(fr)}）已收到。"
    lines = ["审核通过通知" if passed else "退回意见", "", f"{name}：", "", INDENT + received + _result(n, status)]
    if items:
        lines.append("")
        lines += _items(items[:FULL_ITEMS])
        if len(items) > FULL_ITEMS:
            lines += ["", *_rest(items[FULL_ITEMS:], feedback_name)]
    lines.append("")
    if not passed:
        how = "按上述意见修改" if needs_refill(items) else "在原文件中逐项修改"
        lines.append(INDENT + f"请于收到本意见之日起{deadline_days}日内，{how}后重新报送。"
                     "提示类问题如确属实际情况，请在“偏差原因分析及改进措施”或备注中书面说明。")
        if len(items) <= FULL_ITEMS:
            lines.append(INDENT + f"逐项明细另见随附的《{feedback_name}》。")
    lines.append(INDENT + (f"如有疑问，请联系{contact}。" if contact else f"如有疑问，请与{bureau}联系。"))
    lines += ["", bureau, _cn_date(today or date.today())]
    return clean_text("\n".join(lines) + "\n")      # control characters a unit typed


def write_letter(file_report: FileReport, path, unit: Unit | None = None, bureau: str = "XX区财政局",
                 deadline_days: int = 5, **kwargs) -> Path:
    """Write the letter as UTF-8 with BOM and CRLF (Notepad-friendly); the text is from render_letter()."""
    text = render_letter(file_report, unit, bureau, deadline_days, **kwargs)
    return write_text_atomic(path, text, encoding="utf-8-sig", newline="\r\n")
