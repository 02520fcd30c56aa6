"""Project-wide request handling: the language, and input no view should see."""

from django.conf import settings
from django.http import HttpResponseBadRequest
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.translation import gettext as _


class FinnishFirstLocaleMiddleware(LocaleMiddleware):
    """Like Django's, but the browser's Accept-Language does not override Finnish.

    The city's service is Finnish first (a unilingual municipality); Swedish and English
    are a click away in the language switch, which stores the choice in a cookie.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        available = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class RejectNullCharactersMiddleware:
    """Answer 400 to a request whose parameters hold a NUL character.

    PostgreSQL refuses NUL in text, so such a value would otherwise fail deep inside a
    query as a server error. No legitimate form or link sends one.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _has_nul(request.GET) or (
            request.method == "POST"
            and request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data")
            and _has_nul(request.POST)
        ):
            return HttpResponseBadRequest(
                _("The request contained a character that is not allowed."),
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)


def _has_nul(data) -> bool:
    return any("\x00" in key or any("\x00" in v for v in data.getlist(key)) for key in data)
