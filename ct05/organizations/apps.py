from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "ct05.organizations"
    label = "organizations"
