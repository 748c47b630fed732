"""Formula texts lifted out of a worksheet's XML as it streams, so that neither expat nor calamine scans them, and
empty cells that place nothing dropped, so that neither calls back for them.

A filled template's main sheet is ~485 KB of XML, ~400 KB of it formula text full of &quot; and &lt;: parsing it is
most of the cost of reading a file, and only the presence of a formula is checked, never its text. Each non-empty
text of an <f> element (any prefix) is cut out before the XML is parsed, and kept by the byte offset its element has
in the XML that is parsed (what expat's CurrentByteIndex gives at the element's start). Its text is decoded by expat
itself when asked for, once per distinct text in a process (the same template formulas recur in every file).
Nothing is lifted from a part that is not UTF-8 or once a CDATA section appears (text inside one is not markup)."""

from __future__ import annotations

import re
from functools import lru_cache
from xml.parsers import expat

_ATTRS = rb"""(?:\s+[^\s=>/]+\s*=\s*(?:"[^"]*"|'[^']*'))*\s*"""     # attribute values may hold '>'
# <f …>text</f> with any prefix (the text holds no markup), or an empty cell <c r="B7" s="3"/> that places nothing:
# as Excel and LibreOffice write it, with no content, a reference that names a cell, and next in its row a cell with
# its own reference or the row's end (so no cell's position depends on it)
_CUT = re.compile(rb"<(?:(?P<tag>(?:[A-Za-z_][\w.-]*:)?f)" + _ATTRS + rb">(?P<text>[^<]+)</(?P=tag)\s*>"
                  rb'|c r="[A-Za-z]+0*[1-9][0-9]*"(?: s="[0-9]+")?(?: t="[a-zA-Z]+")?/>(?=<c r=|</row>))')
_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*\bencoding\s*=\s*["']([^"']*)["']""")


MAX_KEPT = 32 * 2**20    # beyond this, the XML as parsed is not kept (calamine reads the part from the file)


class Lifter:
    """Feed a part's bytes through feed() and finish(); each returns what the parser should get. `texts` maps the
    byte offset (in what was returned) of each lifted <f> element to its raw text, until the parser's handler takes
    it (pop: only one chunk's texts are held at a time); xml() is everything returned, if it is worth keeping
    (something was lifted, and it is within MAX_KEPT)."""

    def __init__(self):
        self.texts: dict[int, bytes] = {}
        self.lifted = 0
        self._kept: list[bytes] | None = []
        self._out = 0                 # bytes returned so far
        self._carry = b""
        self._on: bool | None = None  # None until the prolog has been seen

    def feed(self, chunk: bytes) -> bytes:
        data = self._carry + chunk
        cut = data.rfind(b"<", 0, data.rfind(b"<"))     # an element that may be cut short stays for the next chunk
        if cut <= 0:
            self._carry = data
            return b""
        self._carry = data[cut:]
        return self._lift(data[:cut])

    def finish(self) -> bytes:
        data, self._carry = self._carry, b""
        return self._lift(data)

    def xml(self) -> bytes | None:
        return b"".join(self._kept) if self.lifted and self._kept is not None else None

    def _lift(self, data: bytes) -> bytes:
        data = self._cut(data)
        if self._kept is not None:
            self._kept = self._kept if self._out <= MAX_KEPT else None
            if self._kept is not None:
                self._kept.append(data)
        return data

    def _cut(self, data: bytes) -> bytes:
        if self._on is None:
            found = _ENCODING.match(data)
            self._on = not data.startswith((b"\xff\xfe", b"\xfe\xff")) and (
                found is None or found[1].lower() in (b"utf-8", b"utf8"))
        if self._on and b"<![CDATA[" in data:
            self._on = False
        if not self._on:
            self._out += len(data)
            return data
        pieces, pos = [], 0
        for m in _CUT.finditer(data):
            if m["text"] is None:                # an empty cell: dropped
                cut, pos_after = m.start(), m.end()
            else:
                self.texts[self._out + m.start() - pos] = m["text"]
                self.lifted += 1
                cut, pos_after = m.start("text"), m.end("text")
            pieces.append(data[pos:cut])
            self._out += cut - pos
            pos = pos_after
        pieces.append(data[pos:])
        self._out += len(data) - pos
        return b"".join(pieces) if len(pieces) > 1 else data


@lru_cache(maxsize=2048)
def formula_text(raw: bytes) -> str:
    """The text of an <f> element as expat reads it (entities, character references, line ends); ValueError if it
    is not well-formed XML text."""
    parts: list[str] = []
    parser = expat.ParserCreate()                   # the text holds no '<': no markup, no DTD, no entity declared
    parser.CharacterDataHandler = parts.append
    try:
        parser.Parse(b"<f>" + raw + b"</f>", True)
    except expat.ExpatError as e:
        raise ValueError(str(e)) from None
    return "".join(parts)
