"""``{{ user|display_name }}``: a person's name as the site shows it."""

from django import template

from accounts import people

register = template.Library()


@register.filter
def display_name(user) -> str:
    return people.display_name(user)
