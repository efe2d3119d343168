"""Language: Vietnamese unless the user picked English.

Pages ignore the browser's Accept-Language: many phones and office PCs in a district run an
English browser, and CT05 is Vietnamese by default. The language switch (a cookie) chooses
English. API clients, which set Accept-Language on purpose, get what they ask for.
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class LanguageMiddleware(LocaleMiddleware):
    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if chosen and translation.check_for_language(chosen):
            language = chosen
        elif request.path.startswith("/api/"):
            language = translation.get_language_from_request(request)
        else:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
