from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Operating an install: field-key file and rotation, backup and restore (commands only, no models)."""

    name = "sunlight.ops"
    label = "ops"
    verbose_name = "运维"

    def ready(self) -> None:
        from sunlight import fieldkeys  # noqa: F401  (registers the start-up check of the field keys)
