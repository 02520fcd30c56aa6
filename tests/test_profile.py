"""The profile page: people switch reminders off and set their language and work details."""

import pytest

from accounts.models import Profile

pytestmark = pytest.mark.django_db
URL = "/accounts/profile/"


def payload(**changes):
    data = {
        "receives_reminders": "on",
        "language": "sv",
        "title": "Ympäristösuunnittelija",
        "phone": "+358 44 123 4567",
    }
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={URL}"


def test_anonymous_posts_change_nothing(client, editor):
    response = client.post(URL, payload())
    assert response.status_code == 302
    assert not Profile.objects.exists()


def test_the_first_visit_creates_the_profile_with_the_defaults(client, editor):
    client.force_login(editor)
    response = client.get(URL)
    assert response.status_code == 200
    profile = Profile.objects.get(user=editor)
    assert (profile.receives_reminders, profile.language) == (True, "fi")
    assert response.context["form"].instance == profile
    assert 'name="receives_reminders"' in response.text
    assert "muokkaaja@example.test" in response.text  # where reminders go


def test_saving_redirects_back_with_a_message(client, editor):
    client.force_login(editor)
    response = client.post(URL, payload(), follow=True)
    assert response.redirect_chain == [(URL, 302)]
    assert [str(m) for m in response.context["messages"]] == ["Profiilisi on tallennettu."]
    profile = Profile.objects.get(user=editor)
    assert (profile.language, profile.title, profile.phone) == (
        "sv",
        "Ympäristösuunnittelija",
        "+358 44 123 4567",
    )


def test_an_unticked_box_switches_reminders_off(client, editor):
    client.force_login(editor)
    client.post(URL, payload(receives_reminders=None))
    assert Profile.objects.get(user=editor).receives_reminders is False


def test_saving_keeps_the_units_the_coordinator_set(client, editor, small_programme):
    profile = Profile.objects.create(user=editor)
    profile.units.add(small_programme.unit)
    client.force_login(editor)
    client.post(URL, payload())
    assert list(profile.units.all()) == [small_programme.unit]


def test_each_person_edits_only_their_own_profile(client, editor, outsider):
    theirs = Profile.objects.create(user=outsider, title="Talouspäällikkö")
    client.force_login(editor)
    client.post(URL, payload(title="Muutettu"))
    theirs.refresh_from_db()
    assert theirs.title == "Talouspäällikkö"
    assert Profile.objects.get(user=editor).title == "Muutettu"


@pytest.mark.parametrize(
    ("field", "value"),
    [("language", "xx"), ("phone", "soita minulle"), ("phone", "+-()"), ("title", "x" * 151)],
)
def test_bad_input_shows_the_form_with_errors_and_saves_nothing(client, editor, field, value):
    Profile.objects.create(user=editor, title="Ennallaan")
    client.force_login(editor)
    response = client.post(URL, payload(**{field: value}))
    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assert 'role="alert"' in response.text
    profile = Profile.objects.get(user=editor)
    assert (profile.language, profile.title) == ("fi", "Ennallaan")


def test_other_methods_are_refused(client, editor):
    client.force_login(editor)
    assert client.put(URL).status_code == 405


def test_the_coordinator_sees_who_has_switched_reminders_off(client, coordinator, editor):
    """The people list in the admin has a column and a filter for the reminder setting."""
    Profile.objects.create(user=editor, receives_reminders=False)
    client.force_login(coordinator)
    page = client.get("/admin/auth/user/")
    assert page.status_code == 200
    assert "receives reminders" in page.text.lower() or "saa muistutuksia" in page.text.lower()
    off = client.get("/admin/auth/user/?profile__receives_reminders__exact=0")
    assert [u.username for u in off.context["cl"].result_list] == ["muokkaaja"]
    people = {u.username: u for u in page.context["cl"].result_list}
    admin = page.context["cl"].model_admin
    assert admin.receives_reminders(people["muokkaaja"]) is False
    assert admin.receives_reminders(people["koordinaattori"]) is None  # never opened a profile


def test_the_account_name_in_the_header_leads_to_the_profile(client, editor):
    client.force_login(editor)
    page = client.get("/").text
    assert f'class="account-name" href="{URL}"' in page
