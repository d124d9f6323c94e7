"""The feedback app's models, one module per area; imported here so Django finds them all.

- `csat`: satisfaction after each request, its sampling, close-the-loop follow-ups;
- `suggestions`: the suggestion box and concerns about a service received;
- `surveys`: anonymous pulse and engagement surveys (responses that name no one), and internal
  NPS campaigns per team, which are surveys of two questions.
"""

# Imported for Django to register each area's models; code imports them from their module:
# `from inservice.feedback.models.csat import Rating`.
from inservice.feedback.models import csat, suggestions, surveys  # noqa: F401
