"""What an article's Markdown may not hold, said before it is saved.

Articles are shown through lib.markdown (Markdown, then nh3), which drops raw HTML, pictures and
`javascript:` links whatever is stored. An author would not see why part of their text vanished,
so the services refuse such text with a message naming what was found. HTML shown as an example
inside `code` or a fenced block is text, not markup, and passes.
"""

from __future__ import annotations

import re
import threading
from html.parser import HTMLParser
from urllib.parse import urlsplit

import markdown as md
from django.utils.translation import gettext as _

from inservice.lib.markdown import ALLOWED_SCHEMES

_local = threading.local()
_TAG = re.compile(r"<\s*/?\s*([a-zA-Z][\w-]*)")
# A fenced ``` block is stashed too, as Markdown's own <pre><code> of the escaped text.
_FENCED = re.compile(r"^<pre(?: [^>]*)?><code(?: [^>]*)?>")


def _converter() -> md.Markdown:
    # Built once per thread (building costs more than converting), reset before each use.
    converter: md.Markdown | None = getattr(_local, "converter", None)
    if converter is None:
        converter = md.Markdown(extensions=["extra", "sane_lists"], output_format="html")
        _local.converter = converter
    return converter.reset()


class _Links(HTMLParser):
    """Collects the schemes of links and whether a picture is embedded."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.schemes: list[str] = []
        self.pictures = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            self.pictures = True
        for name, value in attrs:
            if name in ("href", "src") and value:
                scheme = urlsplit(value.strip()).scheme.lower()
                if scheme and scheme not in ALLOWED_SCHEMES:
                    self.schemes.append(scheme)


def markup_problems(text: str, *, where: str | None = None) -> list[str]:
    """Messages about raw HTML, links other than http(s) and mailto, and pictures in `text`.
    `where` names what is written, in the messages ("in articles" unless told)."""
    where = where or _("in articles")
    converter = _converter()
    rendered = converter.convert(text)
    problems = []
    # Markdown keeps the HTML it finds in the text aside ("stashed") and puts it back verbatim.
    stashed = [
        block.strip()
        for block in converter.htmlStash.rawHtmlBlocks
        if isinstance(block, str) and not _FENCED.match(block)
    ]
    tags = {found.group(1).lower() for block in stashed if (found := _TAG.match(block))}
    comments = any(block.startswith("<!--") for block in stashed)
    if tags:
        shown = ", ".join(f"<{tag}>" for tag in sorted(tags))
        problems.append(
            _(
                "HTML is not allowed %(where)s (found %(tags)s): write Markdown instead. "
                "To show HTML as an example, put it in `backticks`."
            )
            % {"where": where, "tags": shown}
        )
    elif comments:
        problems.append(
            _("HTML comments are not allowed %(where)s: remove <!-- … -->.") % {"where": where}
        )
    links = _Links()
    links.feed(rendered)
    links.close()
    if links.schemes:
        shown = ", ".join(f"{scheme}:" for scheme in dict.fromkeys(links.schemes))
        problems.append(
            _("Links must start with https://, http:// or mailto: (found %(schemes)s).")
            % {"schemes": shown}
        )
    if links.pictures:
        problems.append(
            _("Pictures cannot be embedded %(where)s: link to the picture instead.")
            % {"where": where}
        )
    return problems
