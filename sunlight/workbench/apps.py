from django.apps import AppConfig


class WorkbenchConfig(AppConfig):
    name = "sunlight.workbench"
    label = "workbench"
