"""The learning app's models, one module per area; imported here so Django finds them all.

- `content`: courses, their modules and quiz questions, programs of courses in order;
- `progress`: assignments, modules done, courses completed, quiz attempts, automatic rules;
- `reflection`: the private self-assessment.
"""

# Imported for Django to register each area's models; code imports them from their module:
# `from inservice.learning.models.content import Course`.
from inservice.learning.models import content, progress, reflection  # noqa: F401
