from django.apps import AppConfig


class StatisticsConfig(AppConfig):
    name = "boligplan.statistics"
    label = "statistics"
