from django import template

from directory.identifiers import noun

register = template.Library()


@register.filter
def kind_plural(kind: str) -> str:
    """`users` → `People`, `vector_stores` → `Knowledge stores`."""
    return noun(kind, True).capitalize()
