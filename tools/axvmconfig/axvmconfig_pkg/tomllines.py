"""Line numbers for TOML key paths (tomllib does not keep them).

A small tokenizer walks the text and records, for every key and every array
item it sees, the line where it starts: "kernel.memory_regions[1]" -> 27.
It never raises: on anything it does not understand it stops, and callers
fall back to the closest parent key that was recorded.
"""
from __future__ import annotations

_PUNCT = "[]{}=,"


def _tokens(text: str):
    i, line, n = 0, 1, len(text)
    while i < n:
        c = text[i]
        if c == "\n":
            yield ("NL", "\n", line)
            line += 1
            i += 1
        elif c in " \t\r":
            i += 1
        elif c == "#":
            while i < n and text[i] != "\n":
                i += 1
        elif c in "\"'":
            start_line = line
            triple = text.startswith(c * 3, i)
            end = c * 3 if triple else c
            j = i + len(end)
            buf = []
            while j < n and not text.startswith(end, j):
                if c == '"' and text[j] == "\\":
                    buf.append(text[j:j + 2])
                    j += 2
                    continue
                if text[j] == "\n":
                    if not triple:
                        break
                    line += 1
                buf.append(text[j])
                j += 1
            yield ("STR", "".join(buf), start_line)
            i = j + len(end)
        elif c in _PUNCT:
            yield (c, c, line)
            i += 1
        else:
            j = i
            while j < n and text[j] not in " \t\r\n#\"'" + _PUNCT:
                j += 1
            yield ("WORD", text[i:j], line)
            i = j


class _Scanner:
    def __init__(self, text: str):
        self.toks = list(_tokens(text))
        self.i = 0
        self.lines: dict = {}

    def peek(self):
        return self.toks[self.i] if self.i < len(self.toks) else ("EOF", "", 0)

    def next(self):
        t = self.peek()
        self.i += 1
        return t

    def skip_nl(self):
        while self.peek()[0] == "NL":
            self.i += 1

    def key(self):
        """A (dotted) key; None if there is none. `"" = 1` is a valid empty key."""
        parts = []
        while self.peek()[0] in ("WORD", "STR"):
            parts.append(self.next()[1])
        return ".".join(parts) if parts else None

    def value(self, path: str):
        kind, _, _ = self.next()
        if kind == "[":
            self.array(path)
        elif kind == "{":
            self.inline(path)
        elif kind not in ("WORD", "STR"):
            raise ValueError

    def array(self, path: str):
        idx = 0
        while True:
            self.skip_nl()
            kind, _, line = self.peek()
            if kind == "]":
                self.i += 1
                return
            if kind == "EOF":
                raise ValueError
            self.lines[f"{path}[{idx}]"] = line
            self.value(f"{path}[{idx}]")
            self.skip_nl()
            if self.peek()[0] == ",":
                self.i += 1
            idx += 1

    def inline(self, path: str):
        while True:
            kind, _, line = self.peek()
            if kind == "}":
                self.i += 1
                return
            if kind == ",":
                self.i += 1
                continue
            k = self.key()
            if k is None or self.next()[0] != "=":
                raise ValueError
            self.lines[f"{path}.{k}"] = line
            self.value(f"{path}.{k}")

    def top(self):
        prefix = ""
        while self.peek()[0] != "EOF":
            self.skip_nl()
            kind, _, line = self.peek()
            if kind == "EOF":
                return
            if kind == "[":
                self.i += 1
                while self.peek()[0] == "[":
                    self.i += 1
                prefix = self.key() or ""
                self.lines.setdefault(prefix, line)
                while self.peek()[0] == "]":
                    self.i += 1
                continue
            k = self.key()
            if k is None or self.next()[0] != "=":
                raise ValueError
            path = f"{prefix}.{k}" if prefix else k
            self.lines[path] = line
            self.value(path)


def key_lines(text: str) -> dict:
    """Map of key path -> 1-based line number, best effort."""
    s = _Scanner(text)
    try:
        s.top()
    except (ValueError, IndexError):
        pass
    return s.lines
