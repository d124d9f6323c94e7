"""What an author may write in a module: Markdown, links to web and mail addresses, a video link.

Module content is always shown through lib.markdown (sanitised by nh3), so nothing harmful could
reach a reader anyway; these checks refuse at the door, with a message naming what is wrong,
what would otherwise vanish silently when shown: raw HTML, `javascript:` (or any other non-web)
links, and images.
"""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urlsplit

import markdown as md
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

from inservice.learning.models.content import MAX_BODY, MAX_URL

LINK_SCHEMES = frozenset({"http", "https", "mailto"})
_web_address = URLValidator(schemes=["http", "https"])


class _Links(HTMLParser):
    """The link targets and images in rendered Markdown (attribute values come unescaped)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []
        self.images = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.hrefs.extend(value or "" for name, value in attrs if name == "href")
        elif tag == "img":
            self.images += 1


def _shorten(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def body_problems(body: str) -> list[str]:
    """Why this module content cannot be saved (nothing: it can)."""
    if not body.strip():
        return [_("Write the module's content: what should the learner read?")]
    if len(body) > MAX_BODY:
        return [
            _("Keep the content to %(max)s characters or fewer (this is %(n)s).")
            % {"max": f"{MAX_BODY:,}", "n": f"{len(body):,}"}
        ]
    converter = md.Markdown(extensions=["extra", "sane_lists"], output_format="html")
    html = converter.convert(body)
    problems: list[str] = []
    raw = [b for b in converter.htmlStash.rawHtmlBlocks if str(b).lstrip().startswith("<")]
    if raw:
        problems.append(
            _(
                "Write Markdown, not HTML: “%(html)s” would not be shown. Use **bold**, "
                "*italics*, lists and [a link](https://example.org) instead."
            )
            % {"html": _shorten(str(raw[0]))}
        )
    links = _Links()
    links.feed(html)
    for href in links.hrefs:
        scheme = urlsplit(href.strip()).scheme.lower()
        if scheme and scheme not in LINK_SCHEMES:
            problems.append(
                _(
                    "Links may only go to web or email addresses (https://, http://, mailto:): "
                    "“%(link)s” is not allowed."
                )
                % {"link": _shorten(href)}
            )
            break
    if links.images:
        problems.append(_("Images are not shown in module content: link to the picture instead."))
    return problems


def video_url_problems(url: str) -> list[str]:
    """A video link is a web address (http or https), or nothing."""
    if not url:
        return []
    if len(url) > MAX_URL:
        return [_("Keep the video link to %(n)s characters or fewer.") % {"n": MAX_URL}]
    try:
        _web_address(url)
    except ValidationError:
        return [_("Give the video's web address, starting with https:// (or http://).")]
    return []
