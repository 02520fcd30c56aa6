"""Entering indicator values: notation, periods, one per date, htmx and plain forms."""

from datetime import date

import pytest
import time_machine
from django.contrib.auth.models import Group

from accounts.roles import EDITOR
from indicators.forms import parse_number, parse_period
from indicators.models import IndicatorValue

pytestmark = pytest.mark.django_db
HX = {"HX-Request": "true"}


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("1 234,5", 1234.5),
        ("1\u00a0234,5", 1234.5),
        ("1234.5", 1234.5),
        ("1,234.5", 1234.5),
        ("1.234,5", 1234.5),
        ("465", 465.0),
        ("-3,2", -3.2),
        ("\u22123,2", -3.2),
        ("0,05", 0.05),
        ("1,234,567", 1234567.0),
    ],
)
def test_numbers_in_finnish_and_english_notation(text, number):
    assert parse_number(text) == pytest.approx(number)


@pytest.mark.parametrize("text", ["", "abc", "1,2,3.4.5x", "inf", "nan", "12e3", "--1", "1 2a"])
def test_what_is_not_a_number(text):
    with pytest.raises(ValueError):
        parse_number(text)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2024", date(2024, 12, 31)),
        ("3/2024", date(2024, 3, 31)),
        ("2024-02", date(2024, 2, 29)),
        ("31.3.2024", date(2024, 3, 31)),
        ("2024-03-15", date(2024, 3, 15)),
    ],
)
def test_periods(text, day):
    assert parse_period(text, monthly=False) == day


@pytest.mark.parametrize("text", ["24", "13/2024", "31.2.2024", "2024-13-01", "soon"])
def test_what_is_not_a_period(text):
    with pytest.raises(ValueError):
        parse_period(text, monthly=False)


@pytest.fixture
def owner(small_programme, editor):
    Group.objects.get(name=EDITOR).user_set.add(editor)
    small_programme.indicator.contact_persons.add(editor)
    return editor


def url(indicator, suffix=""):
    return f"/indicators/{indicator.pk}/values/{suffix}"


def test_the_indicator_page_offers_editing_to_its_contact_person(client, small_programme, owner):
    page_url = f"/indicators/{small_programme.indicator.pk}/"
    assert url(small_programme.indicator) not in client.get(page_url).text
    client.force_login(owner)
    assert url(small_programme.indicator) in client.get(page_url).text


@pytest.mark.parametrize("htmx", [True, False])
def test_add_a_value(client, small_programme, owner, htmx):
    indicator = small_programme.indicator
    client.force_login(owner)
    response = client.post(
        url(indicator),
        {"period": "2023", "value": "1 234,5", "note": "ennakko"},
        headers=HX if htmx else {},
    )
    assert response.status_code == (200 if htmx else 302)
    value = indicator.values.get(date=date(2023, 12, 31))
    assert (value.value, value.note, value.entered_by) == (1234.5, "ennakko", owner)
    if htmx:
        assert 'id="values-editor"' in response.text and "<html" not in response.text


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"period": "2022", "value": "1"}, "period"),  # 2022 already has a value
        ({"period": "1.3.2022", "value": "1"}, "period"),  # ... dated otherwise, still 2022
        ({"period": "2026", "value": "1"}, "period"),  # the year has not ended
        ({"period": "1.3.2026", "value": "1"}, "period"),
        ({"period": "1989", "value": "1"}, "period"),
        ({"period": "2099", "value": "1"}, "period"),
        ({"period": "ensi vuonna", "value": "1"}, "period"),
        ({"period": "2023", "value": "paljon"}, "value"),
        ({"period": "2023", "value": ""}, "value"),
        ({"period": "2023", "value": "1", "note": "x" * 301}, "note"),
    ],
)
@time_machine.travel(date(2026, 11, 28), tick=False)
def test_invalid_values_are_refused_with_a_message(client, small_programme, owner, data, field):
    indicator = small_programme.indicator
    client.force_login(owner)
    response = client.post(url(indicator), data, headers=HX)
    assert response.status_code == 422
    assert field in response.context["add_form"].errors
    assert indicator.values.count() == 1


@time_machine.travel(date(2026, 11, 28), tick=False)
def test_a_yearly_value_waits_for_its_year_to_end(client, small_programme, owner):
    client.force_login(owner)
    response = client.post(url(small_programme.indicator), {"period": "2026", "value": "5"})
    assert response.status_code == 422
    message = " ".join(response.context["add_form"].errors["period"])
    assert "2026" in message and "1.1.2027" in message
    assert small_programme.indicator.values.count() == 1
    response = client.post(url(small_programme.indicator), {"period": "2025", "value": "5"})
    assert response.status_code == 302


@time_machine.travel(date(2026, 11, 28), tick=False)
def test_a_monthly_value_waits_for_its_month_to_end(client, small_programme, owner):
    indicator = small_programme.indicator
    indicator.time_resolution = "monthly"
    indicator.save()
    client.force_login(owner)
    assert client.post(url(indicator), {"period": "11/2026", "value": "5"}).status_code == 422
    assert client.post(url(indicator), {"period": "10/2026", "value": "5"}).status_code == 302


def test_correct_a_value_needs_a_reason(client, small_programme, owner):
    indicator = small_programme.indicator
    value = indicator.values.get()
    client.force_login(owner)
    form = client.get(url(indicator, f"{value.pk}/"), headers=HX)
    assert form.status_code == 200 and 'value="2022"' in form.text
    missing = client.post(
        url(indicator, f"{value.pk}/"), {"period": "2022", "value": "470"}, headers=HX
    )
    assert missing.status_code == 422
    assert missing["HX-Retarget"] == f"#value-{value.pk}"  # errors go back to the row
    value.refresh_from_db()
    assert value.value == 465
    done = client.post(
        url(indicator, f"{value.pk}/"),
        {"period": "2022", "value": "470", "reason": "Tarkentunut luku"},
        headers=HX,
    )
    assert done.status_code == 200
    value.refresh_from_db()
    assert value.value == 470


def test_delete_asks_for_confirmation_and_a_reason(client, small_programme, owner):
    indicator = small_programme.indicator
    value = indicator.values.get()
    client.force_login(owner)
    confirm = client.get(url(indicator, f"{value.pk}/delete/"), headers=HX)
    assert confirm.status_code == 200 and 'role="alert"' in confirm.text
    assert IndicatorValue.objects.filter(pk=value.pk).exists()
    assert client.post(url(indicator, f"{value.pk}/delete/"), {}, headers=HX).status_code == 422
    assert IndicatorValue.objects.filter(pk=value.pk).exists()
    response = client.post(url(indicator, f"{value.pk}/delete/"), {"reason": "Tuplakirjaus"})
    assert response.status_code == 302
    assert not IndicatorValue.objects.filter(pk=value.pk).exists()


def test_a_value_of_another_indicator_is_404(client, small_programme, owner):
    from indicators.models import Indicator

    other = Indicator.objects.create(name="Muu", unit="%")
    stranger = other.values.create(date=date(2020, 12, 31), value=1)
    client.force_login(owner)
    response = client.get(url(small_programme.indicator, f"{stranger.pk}/"))
    assert response.status_code == 404
