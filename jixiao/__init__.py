"""jixiao（绩效）：预算绩效管理工具包。

The front door (imported on first use, so `import jixiao` stays light)::

    jixiao.read(path)                       a filled form → values with the cell of each
    jixiao.score(path, profile=None)        every score, the total and the grade, recomputed
    jixiao.validate(path, profile=None)     the findings of one workbook
    jixiao.check(paths, out, roster=…)      a whole inbox, isolated per file → BatchReport (+ the check folder)
    jixiao.load_check(folder, roster)       a check folder read back, nothing checked again
    jixiao.consolidate.consolidate(inputs, roster, …)   unit → department → bureau, honouring the check's decisions;
    jixiao.consolidate.write_workbook(result, path)     the consolidation workbook (the package is the verb's home)
    jixiao.plan_publication(path, …)        the public version's content; jixiao.write_public(plan, path)
    jixiao.build_template(form_id, …)       an official template; jixiao.prefill(form, source) fills one
    jixiao.JixiaoError                      the one exception with a Chinese message; anything else is a bug
"""

from importlib import import_module

__version__ = "0.1.0"

_API = {
    "read": "jixiao.api", "score": "jixiao.api", "validate": "jixiao.api", "check": "jixiao.api",
    "load_check": "jixiao.api",
    "plan_publication": "jixiao.consolidate.public", "write_public": "jixiao.consolidate.public_workbook",
    "build_template": "jixiao.template.builder", "prefill": "jixiao.template.prefill", "JixiaoError": "jixiao.errors",
}
__all__ = ["__version__", *_API]


def __getattr__(name: str):
    if name in _API:
        value = getattr(import_module(_API[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'jixiao' has no attribute {name!r}")
