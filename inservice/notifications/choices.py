from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    RECEIVED = "received", _("Your request was received")
    REPLY = "reply", _("New reply on a request")
    WAITING = "waiting", _("A request is waiting on you")
    RESOLVED = "resolved", _("Your request was resolved")
    ASSIGNED = "assigned", _("A request was assigned to you")
    TRANSFERRED = "transferred", _("A request was transferred to your team")
    ACKNOWLEDGED = "acknowledged", _("Your request was acknowledged with a promised time")
    PROMISE_CHANGED = "promise_changed", _("The promised time of your request changed")
    AT_RISK = "at_risk", _("A request is at risk of missing its target")
    BREACHED = "breached", _("A request missed its target")
    UPDATE_DUE = "update_due", _("A request is due a public update")
    REASSIGNED = "reassigned", _("A request was reassigned while someone is away")
    MANY_TRANSFERS = "many_transfers", _("A request your team held was transferred many times")
    WORKFLOW = "workflow", _("A workflow step came late or was rescheduled")
    AGREEMENT_REVIEW = "agreement_review", _("A service agreement of your team is due for review")
    LOW_RATING = "low_rating", _("A requester rated your team's service poorly")
    LOOP_CLOSED = "loop_closed", _("A team lead answered your rating")
    SUGGESTION = "suggestion", _("A suggestion was made to your team")
    SUGGESTION_ANSWER = "suggest_answer", _("A suggestion you made was answered")
    SUGGESTION_LATE = "suggest_late", _("A suggestion to your team is overdue an answer")
    CONCERN = "concern", _("A concern about a service was raised with you")
    CONCERN_ANSWER = "concern_answer", _("A concern you raised was answered")
    SURVEY_INVITE = "survey_invite", _("A survey asks for your view")
    SURVEY_REMINDER = "survey_remind", _("A survey you have not answered closes soon")
    NPS_INVITE = "nps_invite", _("A team asks how working with them went")
    NEGATIVE_RISE = "negative_rise", _("Negative feedback about your team rose markedly")
    KUDOS = "kudos", _("Someone thanked you")
    KUDOS_REPORT = "kudos_report", _("Someone who reports to you was thanked")
    KUDOS_DIGEST = "kudos_digest", _("The month's kudos highlights")
    COURSE_ASSIGNED = "course_assigned", _("A course was assigned to you")
    COURSE_DUE = "course_due", _("An assigned course is due soon or overdue")
    ARTICLE_REVIEW = "article_review", _("An article you own is due for review")
    ARTICLE_UNHELPFUL = "article_poor", _("Readers find an article you own unhelpful")
    HEALTH_CHECK = "health_check", _("A quarterly health check of your team is ready")


class Channel(models.TextChoices):
    IN_APP = "in_app", _("In the app")
    EMAIL = "email", _("Email")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    SKIPPED = "skipped", _("Skipped")


class DigestFrequency(models.TextChoices):
    DAILY = "daily", _("Every morning")
    WEEKLY = "weekly", _("Monday mornings")
    NEVER = "never", _("Never")


class DigestKind(models.TextChoices):
    REQUESTER = "requester", _("My open requests")
    TEAM = "team", _("My team's daily report")
