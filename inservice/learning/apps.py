from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "inservice.learning"
    label = "learning"
    verbose_name = "Learning: courses, programs, assignments"
