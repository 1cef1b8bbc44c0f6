from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "boligplan.core"
    label = "core"
