from django.apps import AppConfig


class SafetyConfig(AppConfig):
    name = "boligplan.safety"
    label = "safety"
