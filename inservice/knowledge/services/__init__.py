"""The knowledge base's only write path, used as one module:
`from inservice.knowledge import services`.

- `articles`: `create_article` / `update_article` (an `ArticleDraft` checked whole by
  `draft_problems`, errors keyed by field), `publish_article`, `archive_article`,
  `mark_reviewed`;
- `reading`: `give_feedback` (one answer per reader, changeable; the unhelpful episode),
  `deflect` (an article answered the question: nothing is asked);
- `reviews`: `flag_review` (the daily task's), `tell_unhelpful`;
- `seeding`: `seed_articles`, articles in bulk for benchmarks and imports.
"""

from inservice.knowledge.services.articles import (
    ArticleDraft,
    archive_article,
    create_article,
    draft_problems,
    mark_reviewed,
    publish_article,
    update_article,
)
from inservice.knowledge.services.reading import Given, deflect, give_feedback
from inservice.knowledge.services.reviews import flag_review, tell_unhelpful
from inservice.knowledge.services.seeding import SeedArticle, seed_articles

__all__ = [
    "ArticleDraft",
    "Given",
    "SeedArticle",
    "archive_article",
    "create_article",
    "deflect",
    "draft_problems",
    "flag_review",
    "give_feedback",
    "mark_reviewed",
    "publish_article",
    "seed_articles",
    "tell_unhelpful",
    "update_article",
]
