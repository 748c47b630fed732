"""The one exception base of jixiao: a problem the user can fix, with a Chinese message. Anything else is a bug."""

from __future__ import annotations


class JixiaoError(Exception):
    """A usage or input problem (bad roster, unknown profile, unreadable file …); `message` is Chinese."""

    def __init__(self, message: str = "", *args):
        super().__init__(message, *args)
        self.message = message

    def __str__(self) -> str:
        return self.message
