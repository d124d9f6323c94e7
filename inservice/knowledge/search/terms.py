"""A person's words as a full-text query both databases read the same way.

Only runs of letters and digits are kept (nothing a query syntax could read as an operator),
lower-cased, without common English words (PostgreSQL's configuration drops them; SQLite's FTS5
would demand them), each word once. The search page asks for all the words; suggestions while
asking take any of them, since a request's subject and description say more than an article does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_QUERY = 200  # characters of the search box read
MAX_ALL_WORDS = 8
MAX_ANY_WORDS = 24
MAX_WORD = 40
_WORD = re.compile(r"[^\W_]+")

# PostgreSQL's english stop words (tsearch_data/english.stop), so both databases drop the same
# words, and a few more that only pad a request ("hello", "please", "thanks").
_STOPWORDS = """
    i me my myself we our ours ourselves you your yours yourself yourselves he him his himself
    she her hers herself it its itself they them their theirs themselves what which who whom
    this that these those am is are was were be been being have has had having do does did
    doing a an the and but if or because as until while of at by for with about against between
    into through during before after above below to from up down in out on off over under again
    further then once here there when where why how all any both each few more most other some
    such no nor not only own same so than too very s t can will just don should now
    hi hello please thanks thank cannot could would also im ive dont cant
"""
STOPWORDS = frozenset(_STOPWORDS.split())


@dataclass(frozen=True)
class Terms:
    words: tuple[str, ...]
    any_word: bool = False

    def __bool__(self) -> bool:
        return bool(self.words)

    def fts5(self) -> str:
        """SQLite FTS5 MATCH syntax: each word quoted (stemmed by the table's tokenizer)."""
        joiner = " OR " if self.any_word else " "
        return joiner.join(f'"{word}"' for word in self.words)

    def tsquery(self) -> str:
        """PostgreSQL to_tsquery syntax: words joined by & (all) or | (any)."""
        joiner = " | " if self.any_word else " & "
        return joiner.join(self.words)


def terms_of(text: str, *, any_word: bool = False) -> Terms:
    limit = MAX_ANY_WORDS if any_word else MAX_ALL_WORDS
    shortest = 3 if any_word else 1  # "hr" or "pc" is a query; in a description, noise
    found: dict[str, None] = {}
    for word in _WORD.findall(text[: 2_000 if any_word else MAX_QUERY].lower()):
        if len(word) < shortest or len(word) > MAX_WORD or word in STOPWORDS:
            continue
        found[word] = None
        if len(found) == limit:
            break
    return Terms(tuple(found), any_word)
