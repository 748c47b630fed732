"""Family B (收件与文件) rules raised while opening mail, mailboxes and archives; Finding.file is the origin chain."""
from __future__ import annotations

from ..rules.registry import RULES, rule

_SECURITY = "安全规范：提交文件不受信任"
_INTAKE = "收件规范"
_OURS = "jixiao 的工程规则，不出自财政预算绩效管理文件。"

# code: (severity, title, basis, message, description)
_B_RULES = {
    "B001": ("提示", "邮件无附件", _INTAKE,
             "{file}：邮件没有附件（{detail}）。可能漏加了附件，或附件被邮件系统拦截，请联系发件单位重新发送。",
             "报送邮件中找不到任何附件（正文里的内嵌图片不算附件）。" + _OURS),
    "B002": ("强制", "邮箱文件无法读取", _INTAKE,
             "{file}：无法读取邮件或其中的附件（{detail}），其中可能有未收取的报送文件。"
             "请在邮件客户端中打开核对，或重新导出/请发件单位重新发送。",
             "邮件文件（.eml/.msg/mbox）或其中某个附件无法解析。" + _OURS),
    "B003": ("强制", "压缩包损坏或加密", _INTAKE,
             "{file}：{detail}，其中的文件未能解压。请报送单位取消解压密码或重新压缩后发送，也可直接发送 Excel 文件。",
             "压缩包无法打开、其中的文件已损坏、使用了不支持的压缩方式或设置了密码。" + _OURS),
    "B004": ("强制", "压缩包超出安全限制（疑似压缩炸弹）", _SECURITY,
             "{file}：压缩包或邮件超出安全限制（{detail}），出于安全考虑未解压、未取出。请报送单位直接发送其中的 Excel 文件。",
             "文件数、解压后总大小或压缩比超过上限的压缩包不予解压，防止“压缩炸弹”耗尽磁盘和内存。" + _OURS),
    "B005": ("强制", "嵌套层数过深", _SECURITY,
             "{file}：压缩包或邮件的嵌套层数超过 {value} 层，未再展开。请报送单位直接发送其中的 Excel 文件。",
             "压缩包套压缩包、邮件套邮件超过允许层数时不再展开。" + _OURS),
    "B006": ("建议", "重复报送（内容完全相同）", _INTAKE,
             "{file}：与先前收到的「{detail}」内容完全相同（SHA-256 一致），按重复报送处理，只需核对一份。",
             "两份收件字节完全相同；按邮件时间先后，后收到的标为重复。" + _OURS),
    "B007": ("强制", "输入文件无法读取", _INTAKE,
             "{file}：无法读取（{detail}）。请检查路径是否存在、文件是否被占用或有无读取权限。",
             "给定的路径不存在或没有读取权限。" + _OURS),
    "B008": ("强制", "不是普通文件，未读取", _SECURITY,
             "{file}：不是普通文件（{detail}），出于安全考虑未打开、未读取。如其中应有报送材料，请把文件本身复制到收件文件夹后重新审核。",
             "收件文件夹里的命名管道（FIFO）、套接字、设备文件等不是普通文件：打开它们可能使审核一直等待或读到无穷无尽的数据，"
             "因此只列出、不读取。" + _OURS),
    "B009": ("强制", "链接指向输入文件夹以外，未跟随", _SECURITY,
             "{file}：是指向输入文件夹以外（{detail}）的符号链接，出于安全考虑未跟随、未读取。"
             "如需审核该文件，请把文件本身复制到收件文件夹后重新审核。",
             "收件文件夹里的符号链接只在指向本文件夹之内时按其目标处理；指向别处（系统文件、其他目录、设备）的链接一律不跟随，"
             "不读取、不复制其目标。" + _OURS),
    "B010": ("强制", "本次审核取出的内容超过总量上限，未取出", _SECURITY,
             "{file}：本次审核从压缩包和邮件中取出的内容已达总量上限（{detail}），此项未取出、未审核。"
             "请把收到的文件分成几批分别审核。",
             "一次审核从全部压缩包（含嵌套的）和邮件附件中取出的内容合计有上限（默认 4 GiB），防止耗尽磁盘；"
             "达到上限后，其余未取出的内容逐项列出。" + _OURS),
}

for _code, (_sev, _title, _basis, _msg, _desc) in _B_RULES.items():
    if _code not in RULES:            # tolerate a re-import (e.g. importlib.reload in tests)
        rule(_code, _sev, _title, _basis, _msg, _desc)

NO_ATTACHMENT, UNREADABLE_MAIL, BAD_ARCHIVE, ARCHIVE_BOMB = "B001", "B002", "B003", "B004"
TOO_DEEP, DUPLICATE, UNREADABLE_INPUT = "B005", "B006", "B007"
NOT_REGULAR, LINK_OUTSIDE, RUN_BUDGET = "B008", "B009", "B010"

# Raised by the batch (jixiao/batch) when a worker process could not finish one file.
FILE_FAILED = "B020"
if FILE_FAILED not in RULES:
    rule(FILE_FAILED, "强制", "文件处理失败（超时、内存超限或异常）", _SECURITY,
         "{file}：{detail}。该文件未能审核，其他文件不受影响。请报送单位检查文件是否过大或已损坏，另存为新的 .xlsx 后重新报送；"
         "如文件正常，请把文件发给 jixiao 维护者。",
         "每个报送文件在单独的进程中审核，并有时间和内存上限（环境变量 JIXIAO_FILE_TIMEOUT、JIXIAO_FILE_MEMORY_MB）；"
         "超时、内存耗尽或程序异常只影响这一个文件。" + _OURS)
