"""The Vietnamese catalogue is complete: no entry left empty or fuzzy (a fuzzy one is ignored)."""

import re
from pathlib import Path

import ct05

CATALOGUES = [
    Path(ct05.__file__).parent / "locale" / "vi" / "LC_MESSAGES" / "django.po",
    Path(ct05.__file__).parent / "locale_drf" / "vi" / "LC_MESSAGES" / "django.po",
]
ENTRY = re.compile(
    r'((?:#[^\n]*\n)*)msgid ((?:"[^\n]*"\n)+)(?:msgid_plural (?:"[^\n]*"\n)+)?'
    r'((?:msgstr(?:\[\d\])? (?:"[^\n]*"\n)+)+)'
)


def entries(path: Path):
    for comments, msgid, msgstrs in ENTRY.findall(path.read_text() + "\n"):
        ident = "".join(re.findall(r'"(.*)"', msgid))
        if ident:
            yield ident, comments, re.findall(r'msgstr(?:\[\d\])? ((?:"[^\n]*"\n)+)', msgstrs)


def test_every_message_is_translated_and_none_is_fuzzy():
    problems = []
    for path in CATALOGUES:
        for ident, comments, msgstrs in entries(path):
            if "#, fuzzy" in comments or "fuzzy" in comments.split("#,")[-1]:
                problems.append(("fuzzy", ident))
            if any(not "".join(re.findall(r'"(.*)"', m)) for m in msgstrs):
                problems.append(("empty", ident))
    assert problems == []


def test_the_catalogue_is_not_empty():
    assert sum(1 for _ in entries(CATALOGUES[0])) > 400
