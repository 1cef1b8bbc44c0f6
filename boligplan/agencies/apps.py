from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "boligplan.agencies"
    label = "agencies"
