"""The feedback app's only write path, one module per area: `from inservice.feedback.services
import csat` (satisfaction), `suggestions`, `surveys` (pulse surveys), `nps`, `trends` (sentiment
over time)."""
