"""/rules/ states every rule behind a verdict, in Finnish, Swedish and English."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "words"),
    [
        (
            "fi",
            ["vähintään 0,95", "vähäistä edistystä", "tavoite jäi saavuttamatta", "Nykyvauhdilla"],
        ),
        ("sv", ["minst 0,95", "begränsade framsteg", "målet nåddes inte", "I nuvarande takt"]),
        ("en", ["at least 0.95", "limited progress", "target missed", "At this pace"]),
    ],
)
def test_the_rules_explain_bands_missed_targets_outcomes_and_the_headline(client, language, words):
    client.cookies["django_language"] = language
    page = client.get("/rules/", HTTP_ACCEPT_LANGUAGE=language).text
    for anchor in ('id="verdicts"', 'id="missed"', 'id="outcomes"', 'id="headline"'):
        assert anchor in page
    for word in words:
        assert word in page, word
