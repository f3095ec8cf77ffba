from django.apps import AppConfig


class ClockConfig(AppConfig):
    name = "sunlight.clock"
    label = "clock"
