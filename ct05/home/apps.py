from django.apps import AppConfig


class HomeConfig(AppConfig):
    """The home page: the user's scopes, this year's report and the cells behind the norms.

    A face of the layers (docs/architecture.md): it combines the report and the meetings, so it
    sits above them, beside the API."""

    name = "ct05.home"
    label = "home"
