"""Project-wide request handling: the request log, caching headers, the language, the
session's idle timeout, and input no view should see."""

import json
import logging
import re
import time
import uuid

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpResponseBadRequest
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
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


SESSION_REFRESHED = "_refreshed"
SESSION_REFRESH_SECONDS = 60


class SlidingSessionMiddleware:
    """A session ends after ``SESSION_COOKIE_AGE`` seconds without a request: each
    request moves its end on, but saves the session (three statements) only if the last
    move is a minute old or more. Saving it on every request (``SESSION_SAVE_EVERY_REQUEST``)
    cost every logged-in page, a status update's form and its sending among them, a write.
    It goes after Django's session middleware, which then saves what this marks."""

    def __init__(self, get_response):
        self.get_response = get_response

    @staticmethod
    def moved_on(sender=None, request=None, **kwargs) -> None:
        """At login (``user_logged_in``): the new session starts its minute."""
        if request is not None and hasattr(request, "session"):
            request.session[SESSION_REFRESHED] = int(time.time())

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.session_key is None or session.modified:
            return response
        now = int(time.time())
        refreshed = session.get(SESSION_REFRESHED)
        if session.is_empty():
            return response  # no such session, or an emptied one: nothing to keep alive
        if not isinstance(refreshed, int) or now - refreshed >= SESSION_REFRESH_SECONDS:
            session[SESSION_REFRESHED] = now  # saved, with its end moved on
        return response


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


request_log = logging.getLogger("salo_climate.requests")

# An incoming X-Request-ID (from the proxy, or a client tracing its own calls) is kept
# only when it is a short plain token; anything else could forge log lines or headers.
_SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")


class RequestLogMiddleware:
    """Log one line per request and send the request's id back in ``X-Request-ID``.

    The line is a JSON object: the path comes from the client, and JSON's escaping keeps a
    crafted URL (quotes, newlines) from forging another line, while journald, Loki or ELK
    read the fields without a custom grammar. Placed first, so the time covers all the
    other middleware, the HTTPS redirect and the static files included.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        incoming = request.headers.get("X-Request-ID", "")
        request.request_id = incoming if _SAFE_REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex
        response = self.get_response(request)
        response["X-Request-ID"] = request.request_id
        user = _logged_in_user(request)
        request_log.info(
            json.dumps(
                {
                    "request_id": request.request_id,
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    "user_id": user.pk if user is not None else None,
                }
            )
        )
        return response


# Shared caches may keep a public page this long. Short, because a proxy cannot be told
# when the data changes, unlike the dashboard's own cache (programmes/cache.py).
PUBLIC_CACHE_SECONDS = 60


class CacheHeadersMiddleware:
    """Say who may keep a response, where the view has not said so itself.

    Public: an anonymous GET or HEAD answered 200 (or 304) that sets no cookie. htmx fragments
    are never stored. Everything else, logged-in pages first of all, is private and
    revalidated. Placed outside the session,
    CSRF and messages middleware so that it sees the cookies they set on the way out.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.has_header("Cache-Control"):
            return response  # the view decided (never_cache on /healthz and the login)
        if request.headers.get("HX-Request"):
            # A fragment swapped into a page. Browsers show a stored copy on Back without
            # looking at Vary, so a fragment kept anywhere would replace the whole page.
            patch_cache_control(response, no_store=True)
            return response
        if (
            request.method in ("GET", "HEAD")
            # A 304 carries the headers its 200 had: they replace the stored ones.
            and response.status_code in (200, 304)
            and not response.cookies
            and _is_anonymous(request)
        ):
            patch_cache_control(response, public=True, max_age=PUBLIC_CACHE_SECONDS)
            # The same URL answers a page, or its fragment to htmx, in the language of
            # the reader's cookie: a shared cache must keep those apart.
            patch_vary_headers(response, ("Cookie", "HX-Request"))
        else:
            patch_cache_control(response, private=True, no_cache=True, max_age=0)
        return response


def _logged_in_user(request):
    """The logged-in user, or None; also None when the database cannot say."""
    user = getattr(request, "user", None)
    try:
        return user if user is not None and user.is_authenticated else None
    except DatabaseError:
        # The session is read lazily, and the database may be what just failed.
        return None


def _is_anonymous(request) -> bool:
    """Known to be the public: False before authentication ran or when the database fails."""
    user = getattr(request, "user", None)
    try:
        return user is not None and not user.is_authenticated
    except DatabaseError:
        return False
