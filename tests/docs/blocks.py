"""The code blocks of a Markdown document, with the directives written before them.

A directive is an HTML comment on the line (or lines) just above a fence, invisible when
the document is rendered: ``<!-- example: skip <reason> -->`` (not run, and the reason is
required), ``<!-- example: background -->`` (a long-running command, e.g. ``shopdb serve``:
started and left running until the document is done), ``<!-- example: file NAME -->``
(the block is written to NAME in the working folder instead of being run),
``<!-- example: stop -->`` (end what earlier blocks started in the background first),
``<!-- example: run -->`` (run a Python block), ``<!-- example: edit FILE after /REGEX/ -->``
or ``... replace /REGEX/`` (the block goes into a file the reader edits by hand).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

_FENCE = re.compile(r"^(?P<indent> {0,3})(?P<fence>```+|~~~+)\s*(?P<info>[^\s`]*)")
_DIRECTIVE = re.compile(r"^<!--\s*example:\s*(?P<verb>[a-z-]+)\s*(?P<arg>.*?)\s*-->\s*$")


@dataclass
class Block:
    """One fenced block: its language, text, first line number and directives."""

    path: Path
    line: int
    lang: str
    text: str
    directives: dict[str, str] = field(default_factory=dict)

    @property
    def where(self) -> str:
        return f"{self.path.name}:{self.line}"


def blocks(path: Path) -> list[Block]:
    """Every fenced block of ``path``, in order."""
    lines = path.read_text(encoding="utf-8").splitlines()
    found: list[Block] = []
    pending: dict[str, str] = {}
    i = 0
    while i < len(lines):
        line = lines[i]
        directive = _DIRECTIVE.match(line.strip())
        if directive:
            pending[directive["verb"]] = directive["arg"]
            i += 1
            continue
        fence = _FENCE.match(line)
        if not fence:
            if line.strip():
                pending = {}
            i += 1
            continue
        closing = fence["fence"]
        body: list[str] = []
        start = i + 1
        i += 1
        while i < len(lines) and not lines[i].strip().startswith(closing):
            body.append(lines[i])
            i += 1
        found.append(Block(path, start, fence["info"].lower(), "\n".join(body) + "\n", pending))
        pending = {}
        i += 1
    return found
