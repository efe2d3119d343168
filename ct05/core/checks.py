"""Deployment checks of CT05's own (``ct05 check --deploy``), beside Django's.

A real install must reach people with its reminders: a mail backend that sends nothing (the
console, CT05's default for a demo) is an error unless ``CT05_ALLOW_CONSOLE_EMAIL=1`` says it is
meant. Django's own ``mail.E001`` says the same with no way to mean it; settings silence it in
favour of this one.
"""

from django.conf import settings
from django.core.checks import Error, Tags, register

# Backends that deliver nothing to anyone.
NON_SENDING_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
}


def mail_backend() -> str:
    mailers = getattr(settings, "MAILERS", None)
    if mailers:
        return mailers.get("default", {}).get("BACKEND", "")
    return getattr(settings, "EMAIL_BACKEND", "")


@register(Tags.security, deploy=True)
def check_mail_backend(app_configs, **kwargs):
    if settings.CT05_ALLOW_CONSOLE_EMAIL:
        return []
    backend = mail_backend()
    if backend not in NON_SENDING_BACKENDS:
        return []
    return [
        Error(
            f"Mail goes to {backend}: reminders reach nobody.",
            hint=(
                "Set CT05_EMAIL_BACKEND to a backend that sends (e.g. "
                "django.core.mail.backends.smtp.EmailBackend, through the mail server on this "
                "machine), or CT05_ALLOW_CONSOLE_EMAIL=1 if this install is meant to send no mail."
            ),
            id="ct05.E001",
        )
    ]
