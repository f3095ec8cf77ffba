from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "sunlight.events"
    label = "events"
    verbose_name = "事件记录"

    def ready(self) -> None:
        from . import security  # noqa: F401  (connects the login signal receivers)
