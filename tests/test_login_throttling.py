"""Login throttling: whose address counts, what a lockout covers, and what a success resets."""

from datetime import timedelta

import pytest
import time_machine
from axes.models import AccessAttempt
from django.test import Client, RequestFactory
from django.utils import timezone

from accounts.throttle import client_ip_address, throttled_username

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.254"
GOOD = "salasana-123"


def login(client, username, password, **meta):
    return client.post("/accounts/login/", {"username": username, "password": password}, **meta)


def direct(ip):
    return {"REMOTE_ADDR": ip}


def via_proxy(forwarded_for):
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": forwarded_for}


@pytest.fixture
def behind_one_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1


# The client's address


@pytest.mark.parametrize(
    ("proxies", "forwarded_for", "expected"),
    [
        (0, "203.0.113.9", "10.0.0.254"),  # no trusted proxy: the header is ignored
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "192.0.2.66, 203.0.113.9", "203.0.113.9"),  # the left entry is the client's own
        (2, "192.0.2.66, 203.0.113.9, 10.0.0.7", "203.0.113.9"),
        (2, "203.0.113.9", "10.0.0.254"),  # fewer entries than proxies: none is trusted
        (1, "", "10.0.0.254"),
        (1, "not-an-address", "10.0.0.254"),
    ],
)
def test_client_address_is_the_nth_forwarded_entry_from_the_right(
    settings, proxies, forwarded_for, expected
):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().post("/accounts/login/", **via_proxy(forwarded_for))
    assert client_ip_address(request) == expected


# (a) and (b): a stranger cannot lock anyone out


@pytest.mark.usefixtures("behind_one_proxy")
def test_behind_a_proxy_failures_from_one_client_do_not_lock_out_another(client, editor):
    for attempt in range(5):
        login(client, f"arvaus{attempt}", "x", **via_proxy("198.51.100.7"))
    for attempt in range(6):
        login(client, "muokkaaja", f"väärä-{attempt}", **via_proxy("198.51.100.7"))
    assert login(client, "muokkaaja", GOOD, **via_proxy("198.51.100.7")).status_code == 429

    response = login(Client(), "muokkaaja", GOOD, **via_proxy("192.0.2.10"))
    assert response.status_code == 302
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.7"}


def test_directly_failures_from_one_address_do_not_lock_out_another(client, editor):
    for attempt in range(5):
        login(client, f"arvaus{attempt}", "x", **direct("198.51.100.7"))
    for attempt in range(6):
        login(client, "muokkaaja", f"väärä-{attempt}", **direct("198.51.100.7"))
    assert login(client, "muokkaaja", GOOD, **direct("198.51.100.7")).status_code == 429

    assert login(Client(), "muokkaaja", GOOD, **direct("192.0.2.10")).status_code == 302


def test_without_trusted_proxies_a_forged_forwarded_for_is_ignored(client, editor, settings):
    assert settings.TRUSTED_PROXY_COUNT == 0
    # The attacker claims to be the victim's address.
    forged = {"REMOTE_ADDR": "198.51.100.7", "HTTP_X_FORWARDED_FOR": "192.0.2.10"}
    for attempt in range(6):
        login(client, "muokkaaja", f"väärä-{attempt}", **forged)
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.7"}

    assert login(Client(), "muokkaaja", GOOD, **direct("192.0.2.10")).status_code == 302


def test_five_failures_for_one_username_from_one_address_lock_that_pair(client, editor):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for attempt in range(4):
            response = login(client, "muokkaaja", f"väärä-{attempt}", **direct("10.0.0.1"))
            assert response.status_code == 200
        # The fifth failure reaches the limit and already answers with the lockout notice.
        assert login(client, "muokkaaja", "väärä-5", **direct("10.0.0.1")).status_code == 429
        assert login(client, "muokkaaja", GOOD, **direct("10.0.0.1")).status_code == 429
    with time_machine.travel(start + timedelta(minutes=16), tick=False):
        assert login(client, "muokkaaja", GOOD, **direct("10.0.0.1")).status_code == 302


# (c) a success on one account does not reset another's failures


def test_a_success_as_another_user_does_not_clear_failures(coordinator, editor):
    attacker = Client()
    for attempt in range(4):
        login(attacker, "koordinaattori", f"väärä-{attempt}", **direct("198.51.100.7"))
    assert login(Client(), "muokkaaja", GOOD, **direct("198.51.100.7")).status_code == 302

    assert AccessAttempt.objects.get(username="koordinaattori").failures_since_start == 4
    assert login(attacker, "koordinaattori", "väärä-5", **direct("198.51.100.7")).status_code == 429
    assert login(attacker, "koordinaattori", GOOD, **direct("198.51.100.7")).status_code == 429


def test_a_success_resets_only_that_username_from_that_address(editor):
    for attempt in range(4):
        login(Client(), "muokkaaja", f"väärä-{attempt}", **direct("10.0.0.1"))
        login(Client(), "muokkaaja", f"väärä-{attempt}", **direct("10.0.0.2"))
    assert login(Client(), "muokkaaja", GOOD, **direct("10.0.0.1")).status_code == 302
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["10.0.0.2"]


# (d) one username gets at most LOGIN_USERNAME_FAILURE_LIMIT guesses from all addresses


@pytest.mark.usefixtures("behind_one_proxy")
def test_a_username_is_refused_everywhere_after_the_cap_across_addresses(client, editor, settings):
    assert settings.LOGIN_USERNAME_FAILURE_LIMIT == 20
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for attempt in range(19):
            client_address = f"203.0.113.{attempt // 2}"  # two guesses from each address
            response = login(client, "muokkaaja", f"väärä-{attempt}", **via_proxy(client_address))
            assert response.status_code == 200, attempt
        assert login(client, "muokkaaja", "väärä", **via_proxy("203.0.113.99")).status_code == 429
        # The right password from an address never seen before is refused too...
        assert login(Client(), "muokkaaja", GOOD, **via_proxy("192.0.2.10")).status_code == 429
        # ...but other accounts are not affected.
        assert login(Client(), "arvaus", "x", **via_proxy("192.0.2.10")).status_code == 200
    with time_machine.travel(start + timedelta(minutes=16), tick=False):
        assert login(Client(), "muokkaaja", GOOD, **via_proxy("192.0.2.10")).status_code == 302


def test_one_address_cannot_reach_the_cap_by_trying_on_while_locked(client, editor):
    for attempt in range(30):
        login(client, "muokkaaja", f"väärä-{attempt}", **direct("198.51.100.7"))
    assert AccessAttempt.objects.get().failures_since_start == 5
    assert login(Client(), "muokkaaja", GOOD, **direct("192.0.2.10")).status_code == 302


# (e) an over-long username


@pytest.mark.parametrize("length", [151, 256, 1000])
def test_an_over_long_username_is_a_failed_login_not_a_500(client, editor, length):
    response = login(client, "a" * length, "x", **direct("10.0.0.1"))
    assert response.status_code == 200
    assert response.context["form"].errors
    assert "_auth_user_id" not in client.session
    assert not AccessAttempt.objects.exists()


def test_an_over_long_username_at_the_admin_login_is_recorded_cut_to_the_column(client):
    # The admin's own login form does not refuse it; the throttle must still not crash.
    response = client.post(
        "/admin/login/", {"username": "a" * 256, "password": "x"}, REMOTE_ADDR="10.0.0.1"
    )
    assert response.status_code == 200
    assert AccessAttempt.objects.get().username == "a" * 255


def test_the_throttle_never_records_more_than_its_column_holds():
    request = RequestFactory().post("/accounts/login/", {"username": "a" * 300})
    assert throttled_username(request, None) == "a" * 255
    assert throttled_username(request, {"username": "b" * 300}) == "b" * 255
    assert throttled_username(request, {"password": "x"}) is None
