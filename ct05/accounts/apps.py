from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "ct05.accounts"
    label = "accounts"
