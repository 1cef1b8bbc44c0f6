from django.apps import AppConfig


class BenchConfig(AppConfig):
    name = "boligplan.bench"
    label = "bench"
