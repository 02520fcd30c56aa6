"""A person's name as the site shows it: full name, else username."""

import pytest
from django.contrib.auth.models import User
from django.template import Context, Template

from accounts.people import display_name


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        ("Kaisa", "Koordinaattori", "Kaisa Koordinaattori"),
        ("Kaisa", "", "Kaisa"),
        ("", "", "kaisa.k"),
    ],
)
def test_full_name_else_username(first, last, expected):
    user = User(username="kaisa.k", first_name=first, last_name=last)
    assert display_name(user) == expected


def test_no_user_is_an_empty_name():
    assert display_name(None) == ""


def test_the_template_filter_names_and_escapes():
    template = Template(
        "{% load people %}<p>{{ author|display_name }}</p><p>{{ nobody|display_name }}</p>"
    )
    author = User(username="matti", first_name="Matti <b>", last_name="Meikäläinen")
    html = template.render(Context({"author": author, "nobody": None}))
    assert html == "<p>Matti &lt;b&gt; Meikäläinen</p><p></p>"
