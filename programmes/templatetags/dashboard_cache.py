"""``{% dashboard_cache "name" vary... %}…{% enddashboard_cache %}``: see programmes.cache."""

from django import template
from django.utils import timezone

from programmes.cache import cached_fragment

register = template.Library()


class DashboardCacheNode(template.Node):
    def __init__(self, nodelist, name: str, vary_on: list):
        self.nodelist = nodelist
        self.name = name
        self.vary_on = vary_on

    def render(self, context) -> str:
        request = context.get("request")
        if request is None:
            return self.nodelist.render(context)
        vary = [value.resolve(context) for value in self.vary_on]
        return cached_fragment(
            request,
            self.name,
            vary,
            timezone.localdate(),
            lambda: self.nodelist.render(context),
        )


@register.tag("dashboard_cache")
def do_dashboard_cache(parser, token):
    """Cache the enclosed content per data generation, day, language and audience.

    The content must not depend on who the reader is beyond being logged in or not:
    no CSRF tokens, no per-user links. The view passes its expensive context lazily, so
    that a cached fragment costs none of it.
    """
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(f"{bits[0]} needs a fragment name")
    name = bits[1].strip("\"'")
    nodelist = parser.parse(("enddashboard_cache",))
    parser.delete_first_token()
    return DashboardCacheNode(nodelist, name, [parser.compile_filter(bit) for bit in bits[2:]])
