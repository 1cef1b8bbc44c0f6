from django.apps import AppConfig


class ResidentsConfig(AppConfig):
    name = "boligplan.residents"
    label = "residents"
