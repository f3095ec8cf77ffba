from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "sunlight.demo"
    label = "demo"
