from django.apps import AppConfig


class ChildrenConfig(AppConfig):
    name = "boligplan.children"
    label = "children"
