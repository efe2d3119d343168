"""Language: Vietnamese unless the user picked English.

Pages ignore the browser's Accept-Language: many phones and office PCs in a district run an
English browser, and CT05 is Vietnamese by default. The language switch (a cookie) chooses
English. API clients, which set Accept-Language on purpose, get what they ask for.
"""

import datetime
import json
import logging
import time

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

access_logger = logging.getLogger("ct05.access")
_METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}


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


class AccessLogMiddleware:
    """One JSON line per request on the ``ct05.access`` logger (``ct05 serve`` turns it on):
    time, method, the URL's route as written in the urls (``commitments/<int:pk>/``, never the
    path itself, nor the query string: a search can hold a name), status, milliseconds, user id
    (or null). No headers, cookies, form fields or tokens."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not access_logger.isEnabledFor(logging.INFO):
            return self.get_response(request)
        started = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        if match is not None:
            route = match.route
        elif request.path_info.startswith(settings.STATIC_URL):
            route = settings.STATIC_URL.lstrip("/") + "…"
        else:
            route = None
        user = getattr(request, "user", None)
        access_logger.info(
            json.dumps(
                {
                    "time": datetime.datetime.now(datetime.UTC).isoformat(timespec="milliseconds"),
                    "method": request.method if request.method in _METHODS else "OTHER",
                    "route": route,
                    "status": response.status_code,
                    "ms": round((time.perf_counter() - started) * 1000, 1),
                    "user": user.pk if user is not None and user.is_authenticated else None,
                },
                ensure_ascii=False,
            )
        )
        return response
