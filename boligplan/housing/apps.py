from django.apps import AppConfig


class HousingConfig(AppConfig):
    name = "boligplan.housing"
    label = "housing"
