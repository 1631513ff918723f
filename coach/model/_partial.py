"""Reading one string field out of a JSON object while it is still being written (a streamed answer).

A streamed structured answer arrives as pieces of one JSON object: `{"rewrite": "Search is fo` … `ur times`. To show
the `rewrite` as it grows, `FieldReader` is fed the pieces in order and keeps the decoded value of one top-level
string field so far. It is tolerant by design — it never fails on what it is fed (text before the object, such
as a ```json fence, is skipped; a malformed answer only means no partial text): the whole answer is still
validated against the schema at the end, exactly as an answer that was not streamed.

It reads each character once (the answer is not parsed again per piece), and an escape cut between two pieces
(`\\` then `n`, or half of a `\\u00e9`) is completed by the next piece.
"""

from __future__ import annotations

_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
_HIGH = range(0xD800, 0xDC00)
_LOW = range(0xDC00, 0xE000)


class FieldReader:
    """The value of the top-level string `field` of a JSON object fed piece by piece.

    >>> reader = FieldReader("rewrite")
    >>> reader.feed('{"rewrite": "Sear'), reader.feed('ch is 4\\\\u00d7 faster", "changes": []}')
    ('Sear', 'Search is 4× faster')
    """

    def __init__(self, field: str) -> None:
        self.field = field
        self.value = ""
        """The field's text decoded so far ('' until it starts)."""
        self.complete = False
        """The field's closing quote has been read."""
        self._chars: list[str] = []
        self._depth = 0
        self._started = False
        self._ended = False
        self._in_string = False
        self._escape: str | None = None  # the escape being read: "" after a backslash, "uXXXX" while in \u
        self._high: int | None = None  # a \u high surrogate waiting for its low half
        self._key: list[str] | None = None  # the key being read (depth 1), else None
        self._last_key = ""
        self._want_key = False
        self._capture = False

    def feed(self, piece: str) -> str:
        """Read the next piece of the answer; returns the field's value so far."""
        if self._ended or self.complete:
            return self.value
        for ch in piece:
            if self._in_string:
                self._string_char(ch)
            elif not self._started:
                if ch == "{":  # anything before the object (a fence, a preamble) is not the answer
                    self._started, self._depth, self._want_key = True, 1, True
            else:
                self._structure_char(ch)
            if self._ended or self.complete:
                break
        self.value = "".join(self._chars)
        return self.value

    def _structure_char(self, ch: str) -> None:
        if ch == '"':
            self._in_string = True
            if self._depth == 1 and self._want_key:
                self._key = []
            else:
                self._capture = self._depth == 1 and self._last_key == self.field
        elif ch in "{[":
            self._depth += 1
        elif ch in "}]":
            self._depth -= 1
            self._ended = self._depth == 0
        elif self._depth == 1 and ch == ",":
            self._want_key = True
        elif self._depth == 1 and ch == ":":
            self._want_key = False

    def _string_char(self, ch: str) -> None:
        if self._escape is not None:
            self._escaped(ch)
        elif ch == "\\":
            self._escape = ""
        elif ch == '"':
            self._in_string = False
            if self._key is not None:
                self._last_key, self._key = "".join(self._key), None
            elif self._capture:
                self._flush_high()
                self._capture, self.complete = False, True
        else:
            self._add(ch)

    def _escaped(self, ch: str) -> None:
        assert self._escape is not None
        if self._escape == "":
            if ch == "u":
                self._escape = "u"
                return
            self._escape = None
            self._add(_ESCAPES.get(ch, ch))
            return
        self._escape += ch
        if len(self._escape) < 5:  # "u" and four hex digits
            return
        digits, self._escape = self._escape[1:], None
        try:
            code = int(digits, 16)
        except ValueError:
            self._add("\ufffd")
            return
        if code in _HIGH:
            self._flush_high()
            self._high = code
        elif code in _LOW and self._high is not None:
            pair = 0x10000 + ((self._high - 0xD800) << 10) + (code - 0xDC00)
            self._high = None
            self._add(chr(pair))
        else:
            self._add("\ufffd" if code in _LOW else chr(code))

    def _add(self, ch: str) -> None:
        self._flush_high()
        if self._key is not None:
            self._key.append(ch)
        elif self._capture:
            self._chars.append(ch)

    def _flush_high(self) -> None:
        """A high surrogate not followed by its low half stands for nothing printable."""
        if self._high is not None:
            self._high = None
            if self._capture:
                self._chars.append("\ufffd")
