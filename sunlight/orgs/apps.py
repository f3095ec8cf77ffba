from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "sunlight.orgs"
    label = "orgs"
