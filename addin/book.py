"""The workbook interface the add-in's scripts work through: openpyxl outside Excel (tests, CLI), xlwings inside it."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path
from typing import Protocol, runtime_checkable

from openpyxl import load_workbook

from jixiao.template.builder import save_atomic
from jixiao.workbook.safe import set_value

__all__ = ["BookLike", "OpenpyxlBook", "XlwingsBook", "strip_vba", "excel_text"]


@runtime_checkable
class BookLike(Protocol):
    """What a script may do to a workbook. Values written are values (text stays text); formulas only via
    write_formula, which is used for nothing but the hyperlinks we build ourselves."""

    @property
    def name(self) -> str: ...
    @property
    def path(self) -> Path | None: ...                 # None: never saved
    def sheet_names(self) -> list[str]: ...
    def read(self, sheet: str, ref: str): ...          # a value, or rows of values for a range
    def write(self, sheet: str, ref: str, value) -> None: ...   # a value, or rows of values from ref down/right
    def write_formula(self, sheet: str, ref: str, formula: str) -> None: ...
    def reset_sheet(self, name: str) -> None: ...       # add the sheet, or clear it if it exists
    def save_copy(self, path: Path) -> Path: ...        # the current state as a new file; the book stays as it is


def _rows(value) -> list[list]:
    return [list(r) if isinstance(r, (list, tuple)) else [r] for r in value] if isinstance(value, list) else [[value]]


class OpenpyxlBook:
    """A workbook file opened with openpyxl. It never writes to its own file: save_copy refuses that path."""

    def __init__(self, path):
        self.source = Path(path)
        self.wb = load_workbook(self.source)
        self.dirty = False

    @property
    def name(self) -> str:
        return self.source.name

    @property
    def path(self) -> Path:
        return self.source

    def sheet_names(self) -> list[str]:
        return list(self.wb.sheetnames)

    def read(self, sheet: str, ref: str):
        got = self.wb[sheet][ref]
        if isinstance(got, tuple):
            return [[c.value for c in row] for row in got]
        return got.value

    def write(self, sheet: str, ref: str, value) -> None:
        ws, top = self.wb[sheet], self.wb[sheet][ref]
        for i, row in enumerate(_rows(value)):
            for j, v in enumerate(row):
                set_value(ws, top.row + i, top.column + j, None if v == "" else v)
        self.dirty = True

    def write_formula(self, sheet: str, ref: str, formula: str) -> None:
        self.wb[sheet][ref].value = formula
        self.dirty = True

    def reset_sheet(self, name: str) -> None:
        if name in self.wb.sheetnames:
            index = self.wb.sheetnames.index(name)
            self.wb.remove(self.wb[name])
            self.wb.create_sheet(name, index)
        else:
            self.wb.create_sheet(name)
        self.dirty = True

    def save_copy(self, path) -> Path:
        path = Path(path)
        if path.resolve() == self.source.resolve():
            raise ValueError(f"不覆盖原文件 {self.source.name}：请另存为新文件")
        if not self.dirty:                       # byte copy: keeps cached values and everything openpyxl drops
            path.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(self.source, path)
            return path
        return save_atomic(self.wb, path)


def excel_text(value):
    """A value as typed into Excel through COM: text gets a leading apostrophe, so '=…', '1,200' or '2025-1' stay
    text; '' clears the cell."""
    if isinstance(value, list):
        return [excel_text(v) for v in value]
    if isinstance(value, str):
        return "'" + value if value else None
    return value


class XlwingsBook:
    """The calling workbook inside Excel. Not testable without Excel, so every method is one line over xlwings."""

    def __init__(self, book):
        self.book = book

    name = property(lambda self: self.book.name)
    path = property(lambda self: Path(self.book.fullname) if Path(self.book.fullname).is_absolute() else None)

    def sheet_names(self):
        return [s.name for s in self.book.sheets]

    def read(self, sheet, ref):
        return self.book.sheets[sheet].range(ref).value

    def write(self, sheet, ref, value):
        self.book.sheets[sheet].range(ref).value = excel_text(_rows(value) if isinstance(value, list) else value)

    def write_formula(self, sheet, ref, formula):
        self.book.sheets[sheet].range(ref).formula = formula

    def reset_sheet(self, name):
        (self.book.sheets[name].clear() if name in self.sheet_names()
         else self.book.sheets.add(name, after=self.book.sheets[-1]))

    def save_copy(self, path):
        try:                                     # Windows: the open state, unsaved edits included
            self.book.api.SaveCopyAs(str(path))
        except AttributeError:                   # macOS has no SaveCopyAs: the last saved version
            shutil.copyfile(self.book.fullname, path)
        return Path(path)

    def alert(self, text):
        self.book.app.alert(text, title="jixiao 预算绩效")

    def ask_file(self, title):
        try:
            got = self.book.app.api.GetOpenFilename("Excel 工作簿 (*.xlsx),*.xlsx", 1, title)
        except Exception:                        # macOS: Excel's dialogs are not reachable this way
            got = _tk_ask(title, folder=False)
        return Path(got) if isinstance(got, str) and got else None

    def ask_folder(self, title):
        try:
            dialog = self.book.app.api.FileDialog(4)       # msoFileDialogFolderPicker
            dialog.Title = title
            got = dialog.SelectedItems(1) if dialog.Show() == -1 else None
        except Exception:
            got = _tk_ask(title, folder=True)
        return Path(got) if isinstance(got, str) and got else None


def _tk_ask(title: str, folder: bool) -> str:
    from tkinter import Tk, filedialog

    root = Tk()
    root.withdraw()
    root.attributes("-topmost", True)
    try:
        return (filedialog.askdirectory(title=title) if folder
                else filedialog.askopenfilename(title=title, filetypes=[("Excel 工作簿", "*.xlsx")]))
    finally:
        root.destroy()


# ---- a macro-free copy --------------------------------------------------------------------------------------------

_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
_MACRO_MAIN = re.compile(r"application/vnd\.ms-excel\.(?:sheet|template)\.macroEnabled\.main\+xml", re.I)
_VBA_PART = re.compile(r"vba(?:project|projectsignature|projectsignatureagile|data)\.(?:bin|xml)$", re.I)


def strip_vba(path) -> Path:
    """Rewrite an .xlsm copy as a plain .xlsx in place (drop the VBA parts, their relationships and content types).

    Importing the add-in's functions turns a workbook into .xlsm, which the validator rejects as a macro file; the
    add-in checks the form, so it checks a macro-free copy. A file without VBA is left untouched."""
    path = Path(path)
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        if not any(_VBA_PART.search(n) for n in names):
            return path
        parts = {n: z.read(n) for n in names}
    out = {}
    for name, data in parts.items():
        if _VBA_PART.search(name):
            continue
        if name == "[Content_Types].xml":
            text = data.decode("utf-8")
            text = re.sub(r"<Override[^>]*PartName=\"[^\"]*vba[^\"]*\"[^>]*/>", "", text, flags=re.I)
            text = re.sub(r"<Default[^>]*Extension=\"bin\"[^>]*vbaProject[^>]*/>", "", text, flags=re.I)
            data = _MACRO_MAIN.sub(_MAIN, text).encode("utf-8")
        elif name.endswith(".rels"):
            data = re.sub(r"<Relationship[^>]*Target=\"[^\"]*vba[^\"]*\"[^>]*/>", "",
                          data.decode("utf-8"), flags=re.I).encode("utf-8")
        out[name] = data
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in out.items():
            z.writestr(name, data)
    return path
