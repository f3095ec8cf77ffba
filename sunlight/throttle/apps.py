from sunlight.modules import ModuleConfig


class ThrottleConfig(ModuleConfig):
    name = "sunlight.throttle"
    label = "throttle"
    layer = "kernel"
    verbose_name = "访问频率限制"
    default_auto_field = "django.db.models.BigAutoField"
