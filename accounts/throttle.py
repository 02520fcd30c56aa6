"""Login throttling on top of django-axes: the client's address and a per-username cap.

django-axes locks on the username *and* address together (settings.AXES_LOCKOUT_PARAMETERS),
so a stranger on another address cannot lock anyone out. That alone would let an attacker
with many addresses guess one account's password without limit, so the handler here also
refuses a username once it has LOGIN_USERNAME_FAILURE_LIMIT failures from all addresses
together within the cool-off. axes compares every lockout parameter against one limit,
which is why that cap lives here instead of in AXES_LOCKOUT_PARAMETERS.
"""

from __future__ import annotations

import ipaddress

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest
from django.utils import timezone

# axes stores usernames in a 255-character column.
USERNAME_COLUMN_LENGTH = 255


def client_ip_address(request: HttpRequest) -> str | None:
    """The client's address, trusting X-Forwarded-For only as far as TRUSTED_PROXY_COUNT says.

    Each trusted proxy appends the address it received the request from, so the client is
    the Nth entry from the right; anything further left was written by the client itself.
    """
    remote_addr = request.META.get("REMOTE_ADDR")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies == 0:
        return remote_addr
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if len(forwarded) < proxies:
        # The request did not come through every trusted proxy: none of the header is trusted.
        return remote_addr
    candidate = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote_addr


def throttled_username(request: HttpRequest, credentials: dict | None) -> str | None:
    """The username axes records; cut to its column so an over-long one cannot crash a login."""
    field = settings.AXES_USERNAME_FORM_FIELD
    username = credentials.get(field) if credentials else request.POST.get(field)
    return None if username is None else username[:USERNAME_COLUMN_LENGTH]


class LoginThrottleHandler(AxesDatabaseHandler):
    """axes' database handler, plus the per-username cap across every address."""

    def get_failures(self, request, credentials=None) -> int:
        failures = super().get_failures(request, credentials)
        cap = settings.LOGIN_USERNAME_FAILURE_LIMIT
        if self.failures_for_username(request, credentials) >= cap:
            # Reported as reaching axes' limit, so axes both refuses and shows its lockout page.
            return max(failures, get_failure_limit(request, credentials))
        return failures

    def failures_for_username(self, request, credentials=None) -> int:
        username = get_client_username(request, credentials)
        if username is None:
            return 0
        since = (request.axes_attempt_time or timezone.now()) - get_cool_off(request)
        attempts = AccessAttempt.objects.filter(username=username, attempt_time__gte=since)
        return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
