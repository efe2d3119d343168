"""The figures of the pages read the Vietnamese way (15.486; 1.234.567), and the English way
in English: the ``num`` filter groups every kind of number as Django's own formatting does."""

import decimal

import pytest
from django.template import Context, Template
from django.utils import translation

CASES = [
    (0, "0", "0"),
    (999, "999", "999"),
    (15486, "15.486", "15,486"),
    (-1234567, "-1.234.567", "-1,234,567"),
    (10**12, "1.000.000.000.000", "1,000,000,000,000"),
    (decimal.Decimal("2500.4"), "2.500", "2,500"),
    (None, "—", "—"),
]


@pytest.mark.parametrize(("value", "vietnamese", "english"), CASES)
def test_num_groups_thousands_in_the_page_language(value, vietnamese, english):
    template = Template("{{ value|num }}")
    for language, expected in (("vi", vietnamese), ("en", english)):
        with translation.override(language):
            assert template.render(Context({"value": value})) == expected
