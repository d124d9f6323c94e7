from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "inservice.feedback"
    label = "feedback"
    verbose_name = "Feedback: satisfaction, internal NPS, pulse surveys, suggestions"
