from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "boligplan.reports"
    label = "reports"
