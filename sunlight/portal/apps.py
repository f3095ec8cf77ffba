from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "sunlight.portal"
    label = "portal"
