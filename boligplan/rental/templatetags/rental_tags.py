from django import template

from boligplan.rental.money import kroner as format_kroner

register = template.Library()


@register.filter
def kroner(value) -> str:
    return "–" if value is None or value == "" else format_kroner(value)
