"""User Markdown to safe HTML: rendered by `markdown`, then sanitised by `nh3`.

User text never goes through the template engine; `{{ }}` in a reply stays literal text.
"""

import threading
from functools import lru_cache

import markdown as md
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "del",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "hr",
    "i",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "td": {"align"}, "th": {"align"}}
# No javascript:, data: or vbscript: links survive.
ALLOWED_SCHEMES = {"http", "https", "mailto"}


_local = threading.local()


def _converter() -> md.Markdown:
    # Building a converter costs three times what converting a reply does: one per thread, reset
    # between uses (a converter keeps state from its last text).
    converter: md.Markdown | None = getattr(_local, "converter", None)
    if converter is None:
        converter = md.Markdown(extensions=["extra", "sane_lists"], output_format="html")
        _local.converter = converter
    return converter.reset()


def render_markdown(text: str) -> SafeString:
    return mark_safe(_render(text))


@lru_cache(maxsize=4096)
def _render(text: str) -> str:
    # A pure function of the text, so the last few thousand renderings are kept: a request page
    # shows the same replies to everyone who opens it, and timeline entries are never edited.
    return nh3.clean(
        _converter().convert(text),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
