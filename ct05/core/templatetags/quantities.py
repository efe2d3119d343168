"""Quantities as a Vietnamese reads them: 165.2 -> "165,2", 5250 -> "5.250", 16.0 -> "16"
(as many decimal places as the figure has, none added)."""

from decimal import Decimal, InvalidOperation

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def qty(value):
    if value is None or value == "":
        return "—"
    try:
        number = Decimal(str(value)).normalize()
    except InvalidOperation:
        return "—"
    places = max(-number.as_tuple().exponent, 0)
    if places == 0:
        number = number.quantize(Decimal(1))
    return number_format(number, places, force_grouping=True)
