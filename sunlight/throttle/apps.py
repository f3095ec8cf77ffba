from django.apps import AppConfig


class ThrottleConfig(AppConfig):
    name = "sunlight.throttle"
    label = "throttle"
    verbose_name = "访问频率限制"
    default_auto_field = "django.db.models.BigAutoField"
