from django.apps import AppConfig


class StaffConfig(AppConfig):
    name = "boligplan.staff"
    label = "staff"
    verbose_name = "Ansatte"
