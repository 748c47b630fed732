"""consolidate(): checked submissions (and department workbooks) → one merged, traceable unit tree."""

from __future__ import annotations

import tempfile
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Callable, Iterable

from ..errors import JixiaoError
from ..intake.roster import Roster, Unit, norm_code, norm_text, resolve_form
from ..intake.submission import file_digest
from ..batch import COPIES, LoadError, Options, check_paths, is_check_output, load_check
from ..batch.isolate import Failure, run_isolated
from ..batch.locate import Locator
from ..batch.pipeline import default_workers
from ..report.causes import cause_summary
from ..report.model import BatchReport, form_title, origin
from ..rules.finding import FileReport, Finding
from ..rules.structure import LAYOUT_BROKEN
from ..spec.loader import SpecError, resolve_profile
from ..scoring.engine import Evaluation
from ..spec.data import to_inputs
from ..workbook.reader import ReadError, read
from .model import EXCLUDED, MERGED_INVALID, Consolidation, Issue, number_issues
from .outcomes import Candidate, issue, late, missing, supersede
from .nodecheck import check_tree
from .readback import is_consolidation, read_consolidation, read_meta
from .records import PROJECT_FORMS, ProjectRecord, Source, share_refs
from .registers import REGISTERS, RegisterRow, register_row, worker_extract
from .rules import DUPLICATE, LAYOUT, MISSING, MIXED_YEARS, NOT_FOUND, OTHER_FORM, SUPERSEDED
from .sheets import SUMMARY, summary_columns
from .summary import Metrics, assign_ids, build_tree, metrics_for

LEVELS = ("department", "bureau")
DEFAULT_FORM = "project_self_eval"
# form=LATEST: when the inputs hold several project forms, the one latest in the year's cycle (the CLI's default)
LATEST, LATEST_FIRST = "latest", ("project_self_eval", "project_monitor", "project_goal")
Progress = Callable[[str, str], None]          # (stage: check | read, file name)


class ConsolidateError(JixiaoError):
    """Consolidation cannot start (bad level, unknown filter, ambiguous form); the message is Chinese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class _Scope:
    """全部汇总, or the union of the selected units (codes) and departments (names or codes)."""

    def __init__(self, roster: Roster | None, units, departments):
        self.units = {norm_code(u) for u in units or () if norm_code(u)}
        self.depts = {norm_text(d) for d in departments or () if norm_text(d)}
        if roster is not None:
            unknown = sorted(u for u in self.units if roster.by_code(u) is None)
            if unknown:
                raise ConsolidateError(f"名册中没有这些单位编码：{'、'.join(unknown)}")
            known = {norm_text(x) for u in roster.units for x in (u.department, u.department_code) if x}
            if self.depts - known:
                raise ConsolidateError(f"名册中没有这些主管部门：{'、'.join(sorted(self.depts - known))}")

    @property
    def everything(self) -> bool:
        return not self.units and not self.depts

    def has(self, unit_code, dept_name, dept_code) -> bool:
        return (self.everything or norm_code(unit_code) in self.units
                or bool({norm_text(dept_name), norm_text(dept_code)} & self.depts))


def consolidate(inputs, roster: Roster | None = None, level: str = "department", only_valid: bool = True, *,
                units: Iterable[str] | None = None, departments: Iterable[str] | None = None, form: str | None = None,
                deadline: datetime | None = None, profile: str | dict | None = None, workers: int | None = None,
                progress: Progress | None = None, now: datetime | None = None) -> Consolidation:
    """Merge checked submissions along the roster tree (unit → department → bureau).

    `inputs` are paths (files, folders, zips, mail) checked here with `jixiao check`'s engine, or the BatchReport of
    such a check, or one `jixiao check` output folder (its recorded findings and kept copies: nothing is checked
    again). Only files without 强制 findings are merged unless only_valid=False; everything left out is listed
    in the result's issues with its reason. Department workbooks written by write_workbook are read back (bureau).
    """
    if level not in LEVELS:
        raise ConsolidateError(f"汇总层级只能是 department（部门）或 bureau（财政局），收到：{level}")
    scope = _Scope(roster, units, departments)
    refs: dict = {}                         # equal refs of all records, held once (records.share_refs)
    args = dict(roster=roster, level=level, only_valid=only_valid, scope=scope, form=form, deadline=deadline,
                profile=profile, progress=progress, now=now, refs=refs)
    if isinstance(inputs, BatchReport):
        with Locator(inputs.files) as loc:
            return _merge(inputs, loc, **args)
    paths = [Path(inputs)] if isinstance(inputs, (str, Path)) else [Path(p) for p in inputs]
    folder = _check_output(paths)
    if folder is not None:                  # checked before: its findings and its copies, never the inbox
        batch = _load_check(folder, roster)
        with Locator(batch.files, [folder / COPIES], originals=False) as loc:
            _extract_copies(batch, loc, profile, workers)
            return _merge(batch, loc, **args)

    def on_file(fr) -> None:                # as each result arrives, so that the workers' copies never pile up
        if isinstance(fr.extract, ProjectRecord):
            share_refs(fr.extract, refs)
        if progress:
            progress("check", fr.file)
    with tempfile.TemporaryDirectory(prefix="jixiao-consolidate-") as work:
        batch = check_paths(paths, Path(work), roster=roster, options=Options(profile=profile, extract=worker_extract),
                            workers=workers, on_file=on_file)
        with Locator(batch.files, [Path(work)]) as loc:
            return _merge(batch, loc, **args)


def _extract_copies(batch: BatchReport, loc: Locator, profile, workers: int | None) -> None:
    """The records of a `jixiao check` folder's current, readable files, built from their kept copies in worker
    processes (as the check's own workers build them when consolidation checks), so the main process only merges. A
    copy that cannot be read is left to _read_form, which says why."""
    todo = [(fr, path) for fr in batch.files if fr.form_id is not None and fr.extract is None and batch.is_current(fr)
            and not any(f.code in LAYOUT_BROKEN for f in fr.findings) and (path := loc.find(fr)) is not None]
    jobs = [(str(path), profile) for _, path in todo]
    for (fr, _), result in zip(todo, run_isolated(_extract_copy, jobs, workers or default_workers())):
        if result is not None and not isinstance(result, Failure):
            fr.extract = result


def _extract_copy(job: tuple[str, str | dict | None]):
    """worker_extract of one kept copy, under the profile _read_form would use (_profiles); None if unreadable."""
    path, profile = job
    try:
        fread = read(Path(path))
    except ReadError:
        return None
    prof = resolve_profile(profile, fread.workbook.meta.get("profile_id") if fread.workbook else None)[0]
    return worker_extract(fread, Evaluation(fread.form, prof, to_inputs(fread.form, fread.data)).fix(fread.overrides),
                          prof)


def _check_output(paths: list[Path]) -> Path | None:
    """The `jixiao check` output folder among the inputs; it must be the only input."""
    checked = [p for p in paths if is_check_output(p)]
    if checked and len(paths) > 1:
        raise ConsolidateError(f"「{checked[0]}」是 jixiao check 的审核结果目录，只能单独汇总，不能与其他文件或文件夹一起汇总；"
                               "请把其他报送材料一并放入收件箱重新运行 jixiao check，或直接汇总收件箱")
    return checked[0] if checked else None


def _load_check(folder: Path, roster: Roster | None) -> BatchReport:
    try:
        return load_check(folder, roster)
    except LoadError as e:
        raise ConsolidateError(e.message) from e


def _profiles(option):
    """The profile for consolidation and, per file, the one its check used (spec.loader.resolve_profile)."""
    fixed = resolve_profile(option)[0] if option else None

    def get(fread) -> dict:
        return fixed or resolve_profile(None, fread.workbook.meta.get("profile_id") if fread.workbook else None)[0]
    return fixed or resolve_profile()[0], get


def _choose_form(form, files: list[FileReport], ours_forms: list[str]) -> str:
    if form and form != LATEST:
        try:
            fid = resolve_form(form)
        except SpecError as e:
            raise ConsolidateError(f"表单「{form}」无法识别：{e}") from e
        if fid not in PROJECT_FORMS:
            raise ConsolidateError(f"只能汇总项目表单：{'、'.join(form_title(f) for f in PROJECT_FORMS)}")
        return fid
    found = Counter([fr.form_id for fr in files if fr.form_id in PROJECT_FORMS] + ours_forms)
    if len(found) > 1 and form == LATEST:
        return next(f for f in (*LATEST_FIRST, *sorted(found)) if f in found)
    if len(found) > 1:
        listed = "、".join(f"{form_title(f)} {n} 个" for f, n in sorted(found.items()))
        raise ConsolidateError(f"输入中含多种表单（{listed}），请用 --form 指定要汇总的表单。")
    return next(iter(found), DEFAULT_FORM)


def _place(record: ProjectRecord, unit: Unit | None) -> None:
    if unit is not None:
        record.dept_code, record.dept_name, record.placed_by = norm_code(unit.department_code), unit.department, "roster"
    elif record.source.kind == "form":
        record.dept_code = norm_code(record.get("department_code"))
        record.dept_name = str(record.get("department") or "")


def _merge(batch: BatchReport, loc: Locator, *, roster, level, only_valid, scope, form, deadline, profile, progress,
           now, refs) -> Consolidation:
    issues: list[Issue] = []
    stats: Counter = Counter(files=len(batch.files), skipped=len(batch.skipped))
    plain, ours = [], []
    for i, fr in enumerate(batch.files):
        path = loc.find(fr) if fr.form_id is None else None
        if path is not None and is_consolidation(path):
            ours.append((i, fr, path))
        elif fr.form_id is None:
            issues += [issue(f, fr=fr, category=EXCLUDED) for f in fr.findings if f.severity == "强制"]
            stats["unreadable"] += 1
        else:
            plain.append((i, fr))
    form_id = _choose_form(form, [fr for _, fr in plain], [(read_meta(p) or {}).get("form_id") for _, _, p in ours])
    main_profile, profile_of = _profiles(profile)
    cands: list[Candidate] = []
    others: list[tuple] = []                         # files of the cycle's other forms: their registers
    for i, fr in plain:
        unit = batch.unit_of(fr)
        if unit is not None and not scope.has(unit.code, unit.department, unit.department_code):
            stats["out_of_scope"] += 1
            continue
        if not batch.is_current(fr):                 # the check's identity decision, never made again here
            newer, first = batch.newer_of(fr), batch.copy_of(fr)
            code, other = (SUPERSEDED, newer) if newer is not None else (DUPLICATE, first)
            issues.append(issue(Finding(code, file=origin(fr), detail=origin(other)), unit, fr))
            continue
        if fr.form_id != form_id:
            if fr.form_id in REGISTERS:
                others.append((fr, unit))
                if fr.form_id not in PROJECT_FORMS:      # registered, not left out
                    continue
            issues.append(issue(Finding(OTHER_FORM, file=origin(fr), detail=form_title(fr.form_id)), unit, fr))
            continue
        if progress:
            progress("read", fr.file)
        record = _read_form(fr, loc, unit, roster, profile_of, issues, refs)
        if record is None:
            continue
        if not scope.has(record.unit_code, record.dept_name, record.dept_code):
            stats["out_of_scope"] += 1
            continue
        cands.append(Candidate(record, fr, i, unit))
    for i, fr, path in ours:
        if progress:
            progress("read", fr.file)
        cands += _read_ours(i, fr, path, loc, form_id, roster, scope, only_valid, issues, stats)
    merged = supersede(cands, issues)
    final = []
    for c in merged:
        strong = [f for f in c.fr.findings if f.severity == "强制"] if c.record.source.kind == "form" else []
        if strong:
            issues += [issue(f, c.unit, c.fr,
                              EXCLUDED if only_valid else MERGED_INVALID) for f in strong]
            if only_valid:
                continue
        final.append(c.record)
    issues += late(final, deadline, roster) + missing(final, roster, scope, form_id, issues)
    years = sorted({str(r.get("year")) for r in final if r.get("year") is not None})
    if len(years) > 1:
        issues.append(Issue(Finding(MIXED_YEARS, detail="、".join(years))))
    final.sort(key=ProjectRecord.sort_key)
    base = metrics_for(form_id, main_profile)
    extra = sorted({r.get("grade") for r in final if r.get("grade")} - set(base.grades))
    metrics = Metrics(base.amounts, base.rated, base.scored, base.grades + tuple(extra))
    names = {norm_code(u.code): u.name for u in roster.units} if roster is not None else {}
    tree = build_tree(final, metrics, names)
    show = level == "bureau" or len(tree.children) > 1
    rows = assign_ids(tree, show)
    if level == "bureau":
        cols = summary_columns(form_id, metrics)
        issues += [Issue(f) for f in check_tree(tree, metrics, {k: h for k, h, *_ in cols}, sheet=SUMMARY,
                                                columns=[k for k, *_ in cols], show_departments=show)]
    registers = _registers(final, form_id, others, loc, scope, only_valid, profile_of, issues)
    number_issues(issues)
    stats.update(merged_projects=len(final), merged_files=len({r.source.origin for r in final}),
                 excluded_files=len({i.finding.file for i in issues if i.category == EXCLUDED and i.finding.file}),
                 superseded=sum(1 for i in issues if i.finding.code == SUPERSEDED),
                 missing_units=sum(1 for i in issues if i.finding.code == MISSING), consolidation_inputs=len(ours),
                 registered=sum(len(v) for v in registers.values()))
    return Consolidation(level, form_id, main_profile, metrics, tree, rows, issues, show,
                         now or datetime.now().replace(microsecond=0), dict(stats), deadline, registers=registers)


def _read_form(fr, loc, unit, roster, profile_of, issues, refs: dict) -> ProjectRecord | None:
    """The record of one checked unit file, or None (and the reason in issues) when it cannot be used."""
    path = loc.find(fr)
    if path is None:
        issues.append(issue(Finding(NOT_FOUND, file=origin(fr), detail=f"（审核时 SHA-256：{fr.facts.get('sha256', '')}）"),
                             unit, fr))
        return None
    broken = [f for f in fr.findings if f.code in LAYOUT_BROKEN]
    if broken:
        why = cause_summary(fr, LAYOUT_BROKEN)                  # the cause in plain words, no internal names
        why = f"原因：{why}" if why else broken[0].message
        issues.append(issue(Finding(LAYOUT, file=origin(fr), detail=why), unit, fr))
        return None
    sha = str(fr.facts.get("sha256") or file_digest(path)[0])
    source = Source(origin(fr), sha, loc.received(fr), fr.status)
    if isinstance(fr.extract, ProjectRecord):
        record = fr.extract.sourced(source)             # built by the check worker from the same bytes
    else:
        try:
            fread = read(path)
        except ReadError as e:
            issues.append(issue(Finding(LAYOUT, file=origin(fr), detail=e.message), unit, fr))
            return None
        prof = profile_of(fread)
        ev = Evaluation(fread.form, prof, to_inputs(fread.form, fread.data)).fix(fread.overrides)
        record = worker_extract(fread, ev, prof).sourced(source)     # as the worker would have built it
    if roster is not None and unit is None:
        known = [f for f in fr.findings if f.code in ("X001", "X005")]
        issues += [issue(f, fr=fr, category=EXCLUDED) for f in known or
                   [Finding("X001", file=origin(fr), value=record.unit_code or fr.unit_code)]]
        return None
    _place(record, unit)
    return share_refs(record, refs)


def _registers(final, form_id, others, loc, scope, only_valid, profile_of, issues) -> dict:
    """form id → register rows: the consolidated form's records (运行监控), and every current file of the cycle's other
    forms in scope; with only_valid a file with 强制 findings is left out (its findings in 异常清单)."""
    out: dict[str, list[RegisterRow]] = {}
    for r in final:
        if r.register is not None:
            out.setdefault(form_id, []).append(RegisterRow(form_id, r.register, r.origin, r.status, r.dept_code,
                                                           r.dept_name))
    for fr, unit in others:
        strong = [f for f in fr.findings if f.severity == "强制"]
        if strong and only_valid:
            if fr.form_id not in PROJECT_FORMS:      # a project form is already listed as 非本次汇总表单
                issues += [issue(f, unit, fr, EXCLUDED) for f in strong]
            continue
        values = register_row(fr.extract, lambda: loc.find(fr), profile_of)
        if values is None:
            continue
        row = RegisterRow(fr.form_id, values, origin(fr), fr.status)
        if unit is not None:                         # the roster's unit (a form may name it only by its name)
            row.dept_code, row.dept_name = norm_code(unit.department_code), unit.department
            values["unit_code"] = values.get("unit_code") or unit.code
        else:
            row.dept_code, row.dept_name = norm_code(values.get("department_code")), str(values.get("department") or "")
        if scope.has(values.get("unit_code"), row.dept_name, row.dept_code):
            out.setdefault(fr.form_id, []).append(row)
    for rows in out.values():
        rows.sort(key=RegisterRow.sort_key)
        for n, row in enumerate(rows, 1):
            row.row_id = f"R{n}"
    return {f: out[f] for f in REGISTERS if f in out}


def _read_ours(i, fr, path, loc, form_id, roster, scope, only_valid, issues, stats) -> list[Candidate]:
    """Project rows of a department workbook we wrote; the whole workbook is left out if it fails 节点检查."""
    sha = str(fr.facts.get("sha256") or file_digest(path)[0])
    rb = read_consolidation(path, Source(origin(fr), sha, loc.received(fr), "通过", kind="consolidation"))
    if rb.usable and rb.form_id != form_id:
        issues.append(issue(Finding(OTHER_FORM, file=origin(fr), detail=form_title(rb.form_id)), fr=fr))
        return []
    blocked = not rb.usable or (only_valid and any(f.severity == "强制" for f in rb.findings))
    for f in rb.findings:
        if blocked and f.severity == "强制" and rb.usable:
            f.detail += "该汇总表未纳入汇总。"
        issues.append(issue(f, sha256=sha))
    if blocked:
        stats["rejected_workbooks"] += 1
        return []
    out = []
    for record in rb.projects:
        unit = roster.match(record.unit_code, record.get("unit_name")) if roster is not None else None   # as a unit file
        if roster is not None and unit is None:
            ref = record.refs.get("unit_code")
            issues.append(issue(Finding("X001", file=origin(fr), sheet=ref.sheet if ref else "",
                                         cell=ref.cell if ref else "", value=record.unit_code), fr=None, sha256=sha))
            continue
        _place(record, unit)
        if scope.has(record.unit_code, record.dept_name, record.dept_code):
            out.append(Candidate(record, fr, i, unit))
    return out
