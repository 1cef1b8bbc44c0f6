from django.apps import AppConfig


class AftercareConfig(AppConfig):
    name = "boligplan.aftercare"
    label = "aftercare"
