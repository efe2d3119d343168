"""Messages of Django's own admin that its Vietnamese catalogue lacks in the form Django 6
asks for (the change form's error banner became a plural message). Listed here so that
``makemessages`` keeps them in our catalogue, which Django reads before its own."""

from django.utils.translation import ngettext_lazy

ERROR_BANNER = ngettext_lazy(
    "Please correct the error below.", "Please correct the errors below.", "count"
)
