from django.apps import AppConfig


class RentalConfig(AppConfig):
    name = "boligplan.rental"
    label = "rental"
