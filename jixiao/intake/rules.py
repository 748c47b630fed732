"""Codes of family B (收件与文件) raised while opening inputs; the rules themselves: jixiao/rules/families/b.py."""

NO_ATTACHMENT, UNREADABLE_MAIL, BAD_ARCHIVE, ARCHIVE_BOMB = "B001", "B002", "B003", "B004"
TOO_DEEP, DUPLICATE, UNREADABLE_INPUT = "B005", "B006", "B007"
NOT_REGULAR, LINK_OUTSIDE, RUN_BUDGET = "B008", "B009", "B010"
FILE_FAILED = "B020"          # raised by the batch (jixiao/batch) when a worker could not finish one file
