"""The suggestion box and concerns about a service: the only write path.

Suggestions: `submit_suggestion` (anonymous by default: the private link's secret is handed back
once, only its digest kept), `answer_suggestion` (the team's public answer; the first sets a
status), `reply_as_submitter` (through the private link, or as the named author). Leads hear of
new suggestions and of the submitter's replies once these reach the team (`announce_*`, at once
for named ones, by the hourly `tasks_suggestions.announce_suggestions` for anonymous ones, at
the end of their day); a named submitter hears of each answer. Unanswered past their due time
(10 working days of the owning team's calendar), suggestions escalate once to the team's leads.

Concerns: `raise_concern` (named, confidential, to the team's lead or, about the lead, to the
lead's manager), `answer_concern`; unanswered after 5 working days, escalated once to the
manager of whoever holds it (administrators when there is none).

Used as one module (`from inservice.feedback.services import suggestions`): `box` (making,
answering, replying), `telling` (announcements and escalation of suggestions), `concerns`, and
`_common` (targets, paths, business time, who hears).
"""

from inservice.feedback.services.suggestions._common import (
    ANSWER_WITHIN_DAYS,
    CONCERN_WITHIN_DAYS,
    administrators,
    concern_path,
    detail_path,
    follow_path,
    team_to_tell,
)
from inservice.feedback.services.suggestions.box import (
    NewSuggestion,
    Submitted,
    answer_problems,
    answer_suggestion,
    reply_as_submitter,
    submit_suggestion,
    suggestion_problems,
)
from inservice.feedback.services.suggestions.concerns import (
    NewConcern,
    addressee_for,
    announce_concern,
    announce_concern_answer,
    answer_concern,
    concerns_to_escalate,
    escalate_concern,
    holders_of,
    raise_concern,
)
from inservice.feedback.services.suggestions.telling import (
    announce_reply,
    announce_suggestion,
    escalate_suggestion,
    suggestions_to_escalate,
    tell_author,
    to_announce,
)

__all__ = [
    "ANSWER_WITHIN_DAYS",
    "CONCERN_WITHIN_DAYS",
    "NewConcern",
    "NewSuggestion",
    "Submitted",
    "addressee_for",
    "administrators",
    "announce_concern",
    "announce_concern_answer",
    "announce_reply",
    "announce_suggestion",
    "answer_concern",
    "answer_problems",
    "answer_suggestion",
    "concern_path",
    "concerns_to_escalate",
    "detail_path",
    "escalate_concern",
    "escalate_suggestion",
    "follow_path",
    "holders_of",
    "raise_concern",
    "reply_as_submitter",
    "submit_suggestion",
    "suggestion_problems",
    "suggestions_to_escalate",
    "team_to_tell",
    "tell_author",
    "to_announce",
]
