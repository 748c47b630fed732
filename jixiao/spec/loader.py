"""Load form specs, policy profiles and enumerations from YAML, checked against their JSON Schemas."""

from __future__ import annotations

import copy
import difflib
import json
from functools import lru_cache
from pathlib import Path

import jsonschema
import yaml
from ..errors import JixiaoError

HERE = Path(__file__).parent
FORMS_DIR = HERE / "forms"
PROFILES_DIR = HERE / "profiles"


class SpecError(JixiaoError, ValueError):
    """A form spec or profile that cannot be used; the message says which file and where."""


_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)     # libyaml's: the same documents, ~8× faster


def safe_yaml(text: str):
    """yaml.safe_load, with libyaml when PyYAML has it."""
    return yaml.load(text, Loader=_SAFE_LOADER)


def _read_yaml(path: Path) -> dict:
    try:
        data = safe_yaml(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as e:
        raise SpecError(f"无法读取配置文件 {path}：{e}") from e
    if not isinstance(data, dict):
        raise SpecError(f"配置文件 {path} 的内容应为映射（键: 值）")
    return data


def _check(data: dict, schema_name: str, path: Path) -> None:
    schema = json.loads((HERE / "schemas" / schema_name).read_text(encoding="utf-8"))
    errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(data), key=lambda e: list(e.path))
    if errors:
        lines = [f"  - {'/'.join(map(str, e.absolute_path)) or '(根)'}: {e.message}" for e in errors[:10]]
        raise SpecError(f"配置文件 {path} 不符合格式要求：\n" + "\n".join(lines))


@lru_cache(maxsize=None)
def enums() -> dict:
    """Shared enumerations, with derived lists (level1, level2) added."""
    data = _read_yaml(HERE / "enums.yaml")
    cats = data["indicator_categories"]
    data["level1"] = list(cats)
    data["level2"] = list(dict.fromkeys(x for l2 in cats.values() for x in l2))
    return data


def _merge(base: dict, over: dict) -> dict:
    out = copy.deepcopy(base)
    for k, v in over.items():
        out[k] = _merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else copy.deepcopy(v)
    return out


def suggest(query: str, names: dict[str, tuple[str, ...]], limit: int = 3) -> list[str]:
    """The keys whose names (id, title, …) come closest to a mistyped `query`, best first: difflib's similarity plus
    the longest run shared with the query (so 「自评表x」 finds 项目支出绩效自评表); none when nothing is close."""
    q = str(query).strip().lower()
    if not q:
        return []
    scored = []
    for key, labels in names.items():
        best = 0.0
        for label in labels:
            m = difflib.SequenceMatcher(None, q, str(label).lower())
            run = m.find_longest_match(0, len(q), 0, len(str(label))).size
            if run >= 2 or m.ratio() >= 0.6:
                best = max(best, m.ratio() + run / len(q))
        if best:
            scored.append((best, key))
    scored.sort(key=lambda t: (-t[0], t[1]))
    return [k for score, k in scored[:limit] if score >= 0.8 * scored[0][0] and score >= 0.8]


def _not_found(what: str, query, choices: dict[str, str], names: dict[str, tuple[str, ...]]) -> str:
    """「未找到…」 with 「您是否要找：名称（编号）」 and, when nothing is close, every choice on a line of its own."""
    picks = suggest(str(query), names)
    lines = [f"未找到{what}「{query}」。"]
    if picks:
        lines.append(f"您是否要找：{choices[picks[0]]}")
        lines += [f"　　　　或：{choices[k]}" for k in picks[1:]]
    else:
        lines.append(f"可用{what}（编号或名称）：")
        lines += [f"  {text}" for text in choices.values()]
    return "\n".join(lines)


def profile_ids() -> list[str]:
    return sorted(p.stem for p in PROFILES_DIR.glob("*.yaml"))


@lru_cache(maxsize=None)
def _profile(pid: str, path: Path | None, chain: tuple = ()) -> dict:
    if path is None:
        if pid not in profile_ids():        # an id names a built-in profile, never a path
            raise SpecError(_unknown_profile(pid))
        path = PROFILES_DIR / f"{pid}.yaml"
    if not path.exists():
        raise SpecError(f"未找到政策口径文件「{path}」")
    data = _read_yaml(path)
    if not isinstance(data, dict):
        raise SpecError(f"政策口径 {path} 不是 YAML 映射（键: 值）")
    parent = data.get("extends")
    if parent:
        if parent == data.get("id") or parent in chain:
            raise SpecError(f"政策口径 {path} 的 extends 形成循环：{' → '.join((*chain, pid, str(parent)))}")
        data = _merge(_profile(str(parent), None, (*chain, pid)), {k: v for k, v in data.items() if k != "extends"})
    _check(data, "profile.schema.json", path)
    return data


def _unknown_profile(pid: str) -> str:
    names, choices = {}, {}
    for known in profile_ids():
        try:
            title = str(_profile(known, None).get("name") or known)
        except SpecError:
            title = known
        names[known] = (known, title)
        choices[known] = f"{known}（{title}）"
    return _not_found("政策口径", pid, choices, names)


def load_profile(name_or_path: str | Path) -> dict:
    """A policy profile by id (national, nanjing, …) or a YAML path given by the user; 'extends' is resolved.
    Returns a fresh copy."""
    p = Path(name_or_path)
    if p.suffix in (".yaml", ".yml"):
        return copy.deepcopy(_profile(p.stem, p.resolve()))
    return copy.deepcopy(_profile(str(name_or_path), None))


def resolve_profile(option: str | Path | dict | None = None, recorded=None) -> tuple[dict, str]:
    """The profile to score a workbook with, and a Chinese note when the workbook's own record is unusable.

    The user's option (an id, a YAML path or a loaded profile) wins. Else the id the workbook records, which may only
    name a built-in profile: a submitted workbook never chooses a file to read. Else, or when that id is unknown,
    全国通用 (national)."""
    if isinstance(option, dict):
        return option, ""
    if option:
        return load_profile(option), ""
    rid = str(recorded).strip() if recorded not in (None, "") else ""
    if not rid:
        return load_profile("national"), ""
    if rid in profile_ids():
        return load_profile(rid), ""
    shown = rid if len(rid) <= 40 else rid[:40] + "…"
    return load_profile("national"), (f"模板标识中记录的政策口径「{shown}」不是已知口径（可用：{'、'.join(profile_ids())}），"
                                      f"已按全国通用口径审核；如应按其他口径审核，请用 --profile 指定")


def form_ids() -> list[str]:
    return list(_form_ids())


@lru_cache(maxsize=None)
def _form_ids() -> tuple[str, ...]:
    return tuple(sorted(p.stem for p in FORMS_DIR.glob("*.yaml")))


@lru_cache(maxsize=None)
def _form(path: Path) -> dict:
    data = _read_yaml(path)
    _check(data, "form.schema.json", path)
    return data


def load_form_spec(name_or_path: str | Path) -> dict:
    """A form spec by id, by Chinese title, or a YAML path."""
    p = Path(name_or_path)
    if p.suffix in (".yaml", ".yml"):
        return _form(p.resolve())
    if isinstance(name_or_path, str) and name_or_path in _form_ids():     # by id: the common case, no search
        return _form(FORMS_DIR / f"{name_or_path}.yaml")
    for fid in form_ids():
        spec = _form(FORMS_DIR / f"{fid}.yaml")
        if name_or_path in (spec["id"], spec["title"], Path(spec["file"]).stem):
            return spec
    specs = {fid: _form(FORMS_DIR / f"{fid}.yaml") for fid in form_ids()}
    raise SpecError(_not_found("表单", name_or_path, {k: f"{s['title']}（{k}）" for k, s in specs.items()},
                               {k: (k, s["title"], Path(s["file"]).stem) for k, s in specs.items()}))


def all_form_specs() -> list[dict]:
    return [load_form_spec(f) for f in form_ids()]
