from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "sunlight.accounts"
    label = "accounts"
