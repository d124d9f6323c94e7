"""Highlighted snippets that are safe to show.

The databases mark the matches in a piece of stored text (PostgreSQL's ts_headline, SQLite's
highlight() and snippet()), but they return the text itself unescaped: an article or a request
may hold `<script>`. So they mark with two private-use characters, and `marked` escapes
everything, then turns each balanced pair of marks into <mark>…</mark>; a stray mark (one the
text itself carried) is dropped. Markdown's own syntax is tidied away first.
"""

from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

START = "\ue000"
STOP = "\ue001"
_PAIR = re.compile(f"{START}([^{START}{STOP}]*){STOP}")
_LINK_TARGET = re.compile(r"\]\([^)\s]*\)")  # [text](https://…) reads as "text"
# Emphasis, code, headings, quotes, list bullets, brackets, table pipes and rules.
_SYNTAX = re.compile(r"(\*\*|__|`+|^#{1,6}\s|^>\s?|^\s*[-*+]\s|[\[\]|]|:?-{3,}:?)", re.MULTILINE)
_SPACE = re.compile(r"\s+")


def tidy(text: str) -> str:
    text = _LINK_TARGET.sub("]", text)
    text = _SYNTAX.sub("", text)
    return _SPACE.sub(" ", text).strip()


def marked(text: str) -> SafeString:
    """`text` escaped, with its balanced match marks as <mark> elements."""
    text = tidy(text)
    parts: list[str] = []
    position = 0
    for found in _PAIR.finditer(text):
        parts.append(_plain(text[position : found.start()]))
        parts.append(f"<mark>{_plain(found.group(1))}</mark>")
        position = found.end()
    parts.append(_plain(text[position:]))
    return mark_safe("".join(parts))  # every piece is escaped above


def has_marks(text: str) -> bool:
    return _PAIR.search(text) is not None


def _plain(text: str) -> str:
    return str(escape(text.replace(START, "").replace(STOP, "")))
