"""Chinese for everything typer (and the click it bundles) prints: usage errors, help panels, defaults, types.

typer 0.29 bundles click as typer._click and builds most messages with f-strings, not gettext, so the English is
translated where it leaves the library: every exception's format_message() and show(), the usage line, the help
option, the panel titles and strings of typer.rich_utils, and typer.core's own gettext calls. The internals used
are pinned in pyproject.toml (typer>=0.29,<0.30); tests/cli/test_zh.py fails when a message is English again.
"""

from __future__ import annotations

import functools
import re

# Fixed strings, English → Chinese (typer.rich_utils constants, typer.core's gettext calls, the help option).
TEXTS = {
    "Arguments": "参数",
    "Options": "选项",
    "Commands": "命令",
    "Error": "错误",
    "Aborted!": "已中止。",
    "Aborted.": "已中止。",
    "Missing command.": "缺少命令。",
    "No such command {name!r}.": "没有命令「{name}」。",
    "Show this message and exit.": "显示本帮助并退出。",
    "(dynamic)": "（运行时决定）",
    "default: {default}": "默认：{default}",
    "required": "必填",
    "env var: {var}": "环境变量：{var}",
    "[default: {}]": "[默认：{}]",
    "[required]": "[必填]",
    "[env var: {}]": "[环境变量：{}]",
    "(deprecated) ": "（已停用）",
    "Try [blue]'{command_path} {help_option}'[/] for help.": "运行 [blue]{command_path} {help_option}[/] 查看帮助。",
    "Usage: ": "用法：",
    "[OPTIONS]": "[选项]",
    "COMMAND [ARGS]...": "命令 [参数]...",
}

KINDS = {"file": "文件", "dir": "文件夹", "directory": "文件夹", "path": "路径"}
TYPES = {"bool": "", "str": "文本", "int": "整数", "float": "数字", "path": "路径", "Path": "路径", "file": "文件",
         "dir": "文件夹", "datetime": "日期时间"}

# Messages built with f-strings: (pattern over the whole message, Chinese). {name} is a group as matched, {「name」}
# the same with its quotes replaced by 「」, {msg} a group translated again (messages nest: "Invalid value for …: …").
PATTERNS = [
    (r"Invalid value for (?P<hint>.+?): (?P<msg>.+)", "{「hint」}的值无效：{msg}"),
    (r"Invalid value: (?P<msg>.+)", "值无效：{msg}"),
    (r"Missing (?:argument|parameter:?) (?P<hint>.+?)\.(?: (?P<msg>.+))?", "缺少参数{「hint」}。{msg}"),
    (r"Missing option (?P<hint>.+?)\.(?: (?P<msg>.+))?", "缺少选项{「hint」}。{msg}"),
    (r"Missing parameter: (?P<hint>.+)", "缺少参数「{hint}」。"),
    (r"No such command (?P<name>.+?)\.(?: Did you mean (?P<like>.+)\?)?", "没有命令{「name」}。{like?您是否要找：}{「like」}"),
    (r"没有命令(?P<name>「.+?」)。\. Did you mean (?P<like>.+)\?", "没有命令{name}。您是否要找：{「like」}"),
    (r"No such option: (?P<name>\S+)(?: \(Possible options: (?P<like>.+)\)| Did you mean (?P<like2>.+)\?)?",
     "没有选项 {name}。{like?您是否要找：}{「like」}{like2?您是否要找：}{「like2」}"),
    (r"Option (?P<name>.+?) requires an argument\.", "选项{「name」}后面缺少取值。"),
    (r"Option (?P<name>.+?) requires (?P<n>\d+) arguments\.", "选项{「name」}需要 {n} 个取值。"),
    (r"Option (?P<name>.+?) does not take a value\.", "选项{「name」}不接受取值。"),
    (r"Argument (?P<name>.+?) takes (?P<n>\d+) values\.", "参数{「name」}需要 {n} 个取值。"),
    (r"Got unexpected extra arguments? ?(?:\(s\))? \((?P<args>.+)\)", "多余的参数：{args}（路径中有空格时请加引号）"),
    (r"(?i:(?P<kind>file|dir|directory|path)) (?P<p>'.*'|\".*\") does not exist\.", "{kind}{「p」}不存在。"),
    (r"(?i:(?P<kind>file|dir|directory|path)) (?P<p>'.*'|\".*\") is a directory\.", "{「p」}是文件夹，这里需要一个文件。"),
    (r"(?i:(?P<kind>file|dir|directory|path)) (?P<p>'.*'|\".*\") is a file\.", "{「p」}是文件，这里需要一个文件夹。"),
    (r"(?i:(?P<kind>file|dir|directory|path)) (?P<p>'.*'|\".*\") is not readable\.", "没有读取{kind}{「p」}的权限。"),
    (r"(?i:(?P<kind>file|dir|directory|path)) (?P<p>'.*'|\".*\") is not writable\.", "没有写入{kind}{「p」}的权限。"),
    (r"Could not open file (?P<p>'.*'|\".*\"): (?P<msg>.+)", "无法打开文件{「p」}：{msg}"),
    (r"Value (?P<v>.+) is not a valid (?P<t>\w+)\.", "{「v」}不是有效的{t}。"),
    (r"(?P<v>.+) is not one of (?P<c>.+)\.", "{「v」}不在可选值中：{「c」}。"),
    (r"(?P<v>.+) does not match the formats? (?P<c>.+)\.", "{「v」}的格式不对，应为：{「c」}。"),
    (r"Choose from:\s*(?P<c>.+)", "可选：{「c」}"),
    (r"Input should be a valid integer.*", "应为整数"),
    (r"Input should be a valid number.*", "应为数字"),
    (r"Input should be a valid boolean.*", "应为 true 或 false"),
    (r"Input should be a valid (?:date|datetime).*", "应为日期，如 2026-03-31"),
    (r"Input should be greater than or equal to (?P<n>\S+)", "应不小于 {n}"),
    (r"Input should be less than or equal to (?P<n>\S+)", "应不大于 {n}"),
    (r"Input should be (?P<msg>.+)", "取值不符合要求（{msg}）"),
    (r"Error: (?P<msg>.+)", "错误：{msg}"),
    (r"Try '(?P<cmd>.+)' for help\.", "运行 {cmd} 查看帮助。"),
    (r"Usage: (?P<rest>.*)", "用法：{rest}"),
]
_COMPILED = [(re.compile(p, re.DOTALL), zh) for p, zh in PATTERNS]
_FIELD = re.compile(r"\{(「)?(\w+)(」)?(\?([^}]*))?\}")
_QUOTED = re.compile(r"'([^']*)'|\"([^\"]*)\"")


def quoted(text: str) -> str:
    """'--roster' / '-r' → 「--roster / -r」; 'check', 'chek' or --out, --roster → 「check」、「chek」: corner brackets
    instead of quotes, Chinese list commas instead of ", "."""
    parts = [m.group(1) if m.group(1) is not None else m.group(2) for m in _QUOTED.finditer(text)]
    if parts and " / " in text:
        return "「" + " / ".join(parts) + "」"
    parts = parts or [p for p in re.split(r",\s*", text.strip()) if p]
    return "、".join(f"「{p}」" for p in parts)


def translate(text: str) -> str:
    """A message typer printed in English, in Chinese; text it does not know comes back unchanged."""
    if not isinstance(text, str) or not text:
        return text
    lines = text.split("\n", 1)
    if len(lines) == 2 and lines[0].startswith(("Usage: ", "Error: ")):      # plain usage block: line by line
        return "\n".join(translate(line) for line in text.split("\n"))
    if text in TEXTS:
        return TEXTS[text]
    for pattern, zh in _COMPILED:
        m = pattern.fullmatch(text.strip())
        if m:
            return _fill(zh, m)
    return text


def _fill(template: str, m: re.Match) -> str:
    def field(f: re.Match) -> str:
        corner, name, condition, prefix = f.group(1), f.group(2), f.group(4), f.group(5)
        value = m.groupdict().get(name)
        if condition is not None:                       # {name?text}: text when the group matched
            return prefix if value else ""
        if not value:
            return ""
        if name == "kind":
            return KINDS.get(value.lower(), value)
        if name == "msg":
            return translate(value)
        return quoted(value) if corner else value
    return _FIELD.sub(field, template)


def type_label(label: str | None) -> str | None:
    """A type as the help shows it (<int>, <list[Path]>, <path>) in Chinese; a flag (<bool>) shows none."""
    if not label or not (label.startswith("<") and label.rstrip(".").endswith(">")):
        return label
    inner = label.rstrip(".")[1:-1]
    many = label.endswith("...")
    m = re.fullmatch(r"list\[(.+)\]", inner)
    if m:
        inner, many = m.group(1), True
    if inner not in TYPES:
        return label
    if not TYPES[inner]:
        return ""
    return f"<{TYPES[inner]}{'...' if many else ''}>"


_installed = False


def install() -> None:
    """Make typer speak Chinese (idempotent; import-time cost is typer's own modules, already loaded by the CLI)."""
    global _installed
    if _installed:
        return
    _installed = True
    import typer.core as tcore
    import typer.rich_utils as ru
    from typer._click import core as ccore
    from typer._click import exceptions as exc
    from typer._click import formatting

    tcore._ = lambda s: TEXTS.get(s, s)             # Arguments/Options/Commands, Missing command., No such command …
    for name, en in (("ARGUMENTS_PANEL_TITLE", "Arguments"), ("OPTIONS_PANEL_TITLE", "Options"),
                     ("COMMANDS_PANEL_TITLE", "Commands"), ("ERRORS_PANEL_TITLE", "Error"),
                     ("ABORTED_TEXT", "Aborted."), ("DEFAULT_STRING", "[default: {}]"),
                     ("REQUIRED_LONG_STRING", "[required]"), ("ENVVAR_STRING", "[env var: {}]"),
                     ("DEPRECATED_STRING", "(deprecated) "),
                     ("RICH_HELP", "Try [blue]'{command_path} {help_option}'[/] for help.")):
        setattr(ru, name, TEXTS[en])
    ru.OptionHighlighter.highlights.append(r"(?P<usage>用法：)")

    make_text = ru._make_rich_text

    @functools.wraps(make_text)
    def folded(*args, **kwargs):
        # CJK text has no spaces to wrap at: in a table cell rich would cut it with "…"; fold it onto the next line
        text = make_text(*args, **kwargs)
        if hasattr(text, "overflow"):
            text.overflow = "fold"
        return text
    ru._make_rich_text = folded
    ru.rich_format_help = _cjk_wrapped(ru.rich_format_help)
    ru.rich_format_error = _cjk_wrapped(ru.rich_format_error)

    for cls in [c for c in vars(exc).values() if isinstance(c, type) and issubclass(c, exc.ClickException)]:
        if "format_message" in vars(cls) or cls is exc.ClickException:     # the base's comes from TyperException
            cls.format_message = _translated(cls.format_message)
    exc.ClickException.show = _show
    exc.UsageError.show = _show

    write_usage = formatting.HelpFormatter.write_usage

    @functools.wraps(write_usage)
    def usage(self, prog, args="", prefix=None):
        args = args.replace("[OPTIONS]", TEXTS["[OPTIONS]"]).replace("COMMAND [ARGS]...", TEXTS["COMMAND [ARGS]..."])
        return write_usage(self, prog, args, TEXTS["Usage: "] if prefix is None else prefix)
    formatting.HelpFormatter.write_usage = usage

    get_help_option = ccore.Command.get_help_option

    @functools.wraps(get_help_option)
    def help_option(self, ctx):
        opt = get_help_option(self, ctx)
        if opt is not None and opt.help in TEXTS:
            opt.help = TEXTS[opt.help]
        return opt
    ccore.Command.get_help_option = help_option

    for cls in (tcore.TyperOption, tcore.TyperArgument):
        cls.display_type_rich = _typed(cls.display_type_rich)


# Line breaking for help and error panels: rich breaks lines only at spaces, so a run of Chinese is one long "word".
# Here each CJK character is a word of its own (closing punctuation kept with the character before it, opening
# punctuation with the one after), so help wraps between characters instead of mid-way through ".json".
_CJK = "\u2e80-\u2fff\u3001-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_OPEN, _CLOSE = "（「『《“‘【〔", "，。、；：！？）」』》”’】〕…"
_CJK_WORD = re.compile(f"\\s*(?:[{_OPEN}]*[{_CJK}][{_CLOSE}]*|[^\\s{_CJK}]+[{_CLOSE}]*)\\s*")


def _cjk_words(text: str):
    position = 0
    m = _CJK_WORD.match(text, position)
    while m is not None:
        yield m.start(), m.end(), m.group(0)
        m = _CJK_WORD.match(text, m.end())


def _cjk_wrapped(render):
    """`render` (typer's help or error printer) with CJK-aware line breaking while it runs."""
    @functools.wraps(render)
    def wrapper(*args, **kwargs):
        import rich._wrap as wrap
        words = wrap.words
        wrap.words = _cjk_words
        try:
            return render(*args, **kwargs)
        finally:
            wrap.words = words
    return wrapper


def _translated(method):
    @functools.wraps(method)
    def wrapper(self):
        return translate(method(self))
    return wrapper


def _typed(method):
    @functools.wraps(method)
    def wrapper(self, ctx):
        return type_label(method(self, ctx))
    return wrapper


def _show(self, file=None) -> None:
    """ClickException.show / UsageError.show without rich (TYPER_USE_RICH=0): usage, hint and error in Chinese."""
    from typer._click.utils import echo
    ctx = getattr(self, "ctx", None)
    color = ctx.color if ctx is not None else getattr(self, "show_color", None)
    if ctx is not None:
        hint = ""
        if ctx.command.get_help_option(ctx) is not None:
            hint = f"运行 {ctx.command_path} {ctx.help_option_names[0]} 查看帮助。\n"
        echo(f"{ctx.get_usage()}\n{hint}", file=file, err=file is None, color=color)
    echo(f"错误：{self.format_message()}", file=file, err=file is None, color=color)
