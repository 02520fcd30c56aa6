"""What "done" means is one rule: continuous work counts as 100 %, cancelled work is not
counted, and every page shows the figure the roll-up counts."""

import pytest

from programmes.action_rules import recorded_completion, rollup
from programmes.models import Action

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("status", "given", "recorded"),
    [
        ("continuous", 0, 100),
        ("completed", 80, 100),
        ("in_progress", 40, 40),
        ("postponed", 20, 20),
        ("not_started", 0, 0),
    ],
)
def test_what_an_update_records(status, given, recorded):
    assert recorded_completion(status, given) == recorded


def test_a_continuous_action_is_recorded_and_shown_as_the_roll_up_counts_it(
    client, small_programme, editor
):
    action = small_programme.action
    action.record_update(author=editor, status="continuous", completion_percent=0)
    action = Action.objects.get(pk=action.pk)
    assert action.completion_percent == 100
    assert rollup([action]).progress == 100
    page = client.get(f"/actions/{action.pk}/").text
    status_line = page.split('class="status-line"')[1].split("</p>")[0]
    assert "100 % valmis" in status_line
    listed = client.get("/actions/").text
    assert "100&nbsp;%" in listed


def test_a_cancelled_action_shows_that_it_is_not_counted(client, small_programme, editor):
    action = small_programme.action
    action.record_update(author=editor, status="cancelled", completion_percent=30)
    page = client.get(f"/actions/{action.pk}/").text
    status_line = page.split('class="status-line"')[1].split("</p>")[0]
    assert "30 %" not in status_line
    assert "ei lasketa" in status_line
    assert rollup([Action.objects.get(pk=action.pk)]).progress is None


def test_a_path_whose_only_action_is_cancelled_does_not_contradict_itself(
    client, small_programme, editor
):
    small_programme.action.record_update(author=editor, status="cancelled", completion_percent=0)
    ladder = client.get("/ladder/", {"open": [small_programme.path.pk]}).text
    assert "ei toimenpiteitä" not in ladder  # it has one action…
    assert "1 peruttu, ei lasketa" in ladder  # …which is cancelled, and not counted
