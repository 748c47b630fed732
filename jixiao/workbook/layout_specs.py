"""The layout descriptions of jixiao/spec/layouts/*.yaml: loaded, `extends` resolved and every key checked, so a
bureau that copies a layout and makes a mistake gets a Chinese message naming the file and the key, not a traceback.

`extends: <id>` starts from another layout: mappings are merged key by key, lists (labels, detect groups) are the
parent's followed by the child's, anything else is replaced. A layout's depth (0 for one without `extends`) and its
detect groups tell detection which of several matching layouts is the most specific one.
"""

from __future__ import annotations

import copy
from functools import lru_cache
from pathlib import Path

from ..spec.layout import load_form
from ..spec.loader import SpecError, enums, form_ids, safe_yaml

LAYOUTS_DIR = Path(__file__).resolve().parents[1] / "spec" / "layouts"

# key → (kind, what it is, for the message); kinds: str, labels (list of text), map (any mapping), list
TOP = {
    "id": "版式编号（与文件名相同）", "title": "版式名称",
    "form": "读成哪张表单（project_self_eval / project_goal / project_monitor）",
    "basis": "依据", "extends": "在哪个版式的基础上增改", "detect": "识别条件", "year": "年度的正则表达式",
    "month": "监控月份的正则表达式（如从“1—7月执行数”读出 7）",
    "fields": "表头字段的标签", "unit_sets": "单位自定、不按口径重算的单元格", "funds": "资金表", "pairs": "“标签｜数值”成对的资金",
    "goal": "年度总体目标", "aliases": "地方写法与全国写法的对照", "indicators": "绩效指标表", "total": "总分行",
}
REQUIRED = ("id", "title", "form", "detect", "fields", "indicators")
SECTIONS = {
    "funds": {"grid", "money_units", "header", "columns", "fallback", "rows"},
    "indicators": {"header", "block", "columns", "choices", "end", "table_cells"},
    "total": {"label", "numbers", "grade", "grade_label"},
    "pairs": {"anchor", "money_units", "cells"},
}
ROW_KEYS = {"labels", "into"}
ALIAS_KEYS = {"level1", "level2", "name"}
DETECT_KEYS = {"raw"}


def merge(base, over):
    """`over` on top of `base`: mappings key by key, lists concatenated (without repeats), anything else replaced."""
    if isinstance(base, dict) and isinstance(over, dict):
        out = copy.deepcopy(base)
        for k, v in over.items():
            out[k] = merge(out[k], v) if k in out else copy.deepcopy(v)
        return out
    if isinstance(base, list) and isinstance(over, list):
        out = copy.deepcopy(base)
        for x in over:
            if x not in out:
                out.append(copy.deepcopy(x))
        return out
    return copy.deepcopy(over)


def _read(path: Path) -> dict:
    try:
        data = safe_yaml(path.read_text("utf-8"))
    except (OSError, yaml.YAMLError) as e:
        raise SpecError(f"无法读取版式定义 {path}：{e}") from e
    if not isinstance(data, dict):
        raise SpecError(f"版式定义 {path} 的内容应为映射（键: 值）")
    unknown = sorted(set(data) - set(TOP))
    if unknown:
        raise SpecError(f"版式定义 {path} 有不认识的键：{'、'.join(map(str, unknown))}。可用的键：{'、'.join(TOP)}")
    if data.get("id") != path.stem:
        raise SpecError(f"版式定义 {path} 的 id 应与文件名相同（“{path.stem}”），实为“{data.get('id')}”")
    return data


def load_layouts(folder: Path = LAYOUTS_DIR) -> tuple[dict, ...]:
    """Every layout in `folder`, `extends` resolved and checked; each gets `depth` (how many layouts it extends)."""
    raw = {p.stem: (p, _read(p)) for p in sorted(Path(folder).glob("*.yaml"))}
    done: dict[str, dict] = {}

    def resolve(lid: str, chain: tuple[str, ...]) -> dict:
        if lid in done:
            return done[lid]
        path, data = raw[lid]
        parent = data.get("extends")
        if parent is None:
            lay = {**copy.deepcopy(data), "depth": 0}
        else:
            if parent in (*chain, lid):
                raise SpecError(f"版式定义 {path} 的 extends 形成循环：{' → '.join((*chain, lid, str(parent)))}")
            if parent not in raw:
                raise SpecError(f"版式定义 {path} 的 extends 指向不存在的版式“{parent}”。已有版式："
                                f"{'、'.join(raw)}")
            base = resolve(str(parent), (*chain, lid))
            lay = merge({k: v for k, v in base.items() if k not in ("depth", "basis")}, data)
            lay["depth"] = base["depth"] + 1
        _check(lay, path)
        done[lid] = lay
        return lay

    return tuple(resolve(lid, ()) for lid in raw)


@lru_cache(maxsize=None)
def layouts() -> tuple[dict, ...]:
    """The built-in layouts (jixiao/spec/layouts/*.yaml), resolved and checked once."""
    return load_layouts(LAYOUTS_DIR)


def _labels(value, where: str, path: Path) -> None:
    if not isinstance(value, list) or not value or not all(isinstance(x, (str, int, float)) for x in value):
        raise SpecError(f"版式定义 {path}：{where} 应为非空的标签列表，如 [年度资金总额, 资金总额]")


def _keys(value, allowed: set, where: str, path: Path) -> None:
    if not isinstance(value, dict):
        raise SpecError(f"版式定义 {path}：{where} 应为映射（键: 值）")
    unknown = sorted(set(value) - allowed)
    if unknown:
        raise SpecError(f"版式定义 {path}：{where} 有不认识的键：{'、'.join(map(str, unknown))}。"
                        f"可用的键：{'、'.join(sorted(allowed))}")


def row_spec(value) -> tuple[list, str | None]:
    """A funds row as (labels, into): `[标签…]`, or `{labels: [标签…], into: <模板行>}` for a row the template lacks."""
    return (value.get("labels", []), value.get("into")) if isinstance(value, dict) else (value, None)


def _check(lay: dict, path: Path) -> None:
    missing = [k for k in REQUIRED if k not in lay]
    if missing:
        raise SpecError(f"版式定义 {path} 缺少：{'、'.join(missing)}（{'；'.join(TOP[k] for k in missing)}）")
    if lay["form"] not in form_ids():
        raise SpecError(f"版式定义 {path}：form “{lay['form']}” 不是已有表单（{'、'.join(form_ids())}）")
    form = load_form(lay["form"])
    if not isinstance(lay["detect"], list) or not lay["detect"]:
        raise SpecError(f"版式定义 {path}：detect 应为识别条件的列表，每一条是一组标签，如 - [绩效自评表, 自评表]")
    for i, group in enumerate(lay["detect"], 1):
        if isinstance(group, dict):
            _keys(group, DETECT_KEYS, f"detect 第 {i} 条", path)
            _labels(group.get("raw"), f"detect 第 {i} 条的 raw", path)
        else:
            _labels(group, f"detect 第 {i} 条", path)
    cells = set(form.cells)
    for sec in ("fields", "goal"):
        _keys(lay.get(sec) or {}, cells, sec, path)
        for key, labels in (lay.get(sec) or {}).items():
            _labels(labels, f"{sec}.{key}", path)
    bad = [c for c in lay.get("unit_sets") or [] if c not in cells]
    if bad:
        raise SpecError(f"版式定义 {path}：unit_sets 中的 {'、'.join(map(str, bad))} 不是表单 {form.id} 的单元格")
    for sec, allowed in SECTIONS.items():
        items = lay.get(sec) or ([] if sec == "pairs" else {})
        for n, item in enumerate(items if sec == "pairs" else [items] if items else []):
            _keys(item, allowed, sec if sec != "pairs" else f"pairs 第 {n + 1} 组", path)
    for n, pair in enumerate(lay.get("pairs") or []):
        _keys(pair.get("cells") or {}, cells, f"pairs 第 {n + 1} 组的 cells", path)
    if lay.get("funds"):
        _check_funds(lay["funds"], form, path)
    ind = lay["indicators"]
    _keys(ind, SECTIONS["indicators"], "indicators", path)
    _labels(ind.get("header"), "indicators.header", path)
    _keys(ind.get("columns") or {}, set(form.tables["indicators"].columns), "indicators.columns", path)
    _check_choices(ind.get("choices") or {}, form, path)
    if lay.get("month") is not None and "month" not in cells:
        raise SpecError(f"版式定义 {path}：month 只用于有“监控月份”的表单，表单 {form.id} 没有 month 字段")
    calc = {c for c in cells if form.cells[c].is_calc}
    named = [*(ind.get("table_cells") or []), *(lay.get("total") or {}).get("numbers", []),
             *([lay["total"]["grade"]] if (lay.get("total") or {}).get("grade") else [])]
    bad = [c for c in named if c not in calc]
    if bad:
        raise SpecError(f"版式定义 {path}：{'、'.join(map(str, bad))} 不是表单 {form.id} 的计算单元格"
                        "（indicators.table_cells、total.numbers、total.grade 只能写计算单元格）")
    aliases = lay.get("aliases") or {}
    _keys(aliases, ALIAS_KEYS, "aliases", path)
    for k, table in aliases.items():
        if not isinstance(table, dict):
            raise SpecError(f"版式定义 {path}：aliases.{k} 应为“地方写法: 全国写法”的映射，如 {{进度指标: 时效指标}}")


def _check_choices(choices: dict, form, path: Path) -> None:
    """indicators.choices: {column: [option, …]}, options ticked in sub-columns; each option a value of the template's
    list for that column (偏差原因: 经费保障 …; 完成目标可能性: 确定能 …)."""
    table = form.tables["indicators"]
    _keys(choices, set(table.columns), "indicators.choices", path)
    for key, options in choices.items():
        _labels(options, f"indicators.choices.{key}", path)
        listed = enums().get(table.specs[key].get("enum") or "", [])
        bad = [str(x) for x in options if x not in listed]
        if bad:
            raise SpecError(f"版式定义 {path}：indicators.choices.{key} 的 {'、'.join(bad)} 不是模板“{table.specs[key]['header']}”"
                            f"的下拉选项（{'、'.join(listed) or '该列没有下拉列表'}）")


def _check_funds(funds: dict, form, path: Path) -> None:
    grid = form.grids.get(funds.get("grid"))
    if grid is None:
        raise SpecError(f"版式定义 {path}：funds.grid “{funds.get('grid')}” 不是表单 {form.id} 的资金表")
    rows, cols = {r["key"] for r in grid["rows"]}, {c["key"] for c in grid["columns"]}
    _labels(funds.get("header"), "funds.header", path)
    _keys(funds.get("columns") or {}, cols, "funds.columns", path)
    fallback = funds.get("fallback") or {}
    _keys(fallback, cols, "funds.fallback", path)
    bad = [f"{k}: {v}" for k, v in fallback.items() if v not in cols]
    if bad:
        raise SpecError(f"版式定义 {path}：funds.fallback 的 {'、'.join(bad)} 应指向资金表的列（{'、'.join(sorted(cols))}）")
    for key, value in (funds.get("rows") or {}).items():
        if isinstance(value, dict):
            _keys(value, ROW_KEYS, f"funds.rows.{key}", path)
        labels, into = row_spec(value)
        _labels(labels, f"funds.rows.{key}" + (".labels" if isinstance(value, dict) else ""), path)
        if into is None and key not in rows:
            raise SpecError(f"版式定义 {path}：资金行 funds.rows.{key} 不是模板的行（{'、'.join(sorted(rows))}）；"
                            "模板没有的行请写成 {labels: [...], into: <并入的模板行>}")
        if into is not None and (into not in rows or key in rows):
            raise SpecError(f"版式定义 {path}：funds.rows.{key} 的 into 应为模板的行（{'、'.join(sorted(rows))}），"
                            f"且 {key} 本身不是模板的行")
