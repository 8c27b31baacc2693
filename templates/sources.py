"""Source citations as a coordinator reads them: the fund's document and its section.

A rule cites its seed as ``<file>: <section>`` (``criteria.md``); the document shows
the document's title instead, ``Region Gävleborg, Riktlinjer: Kriterier``, never a
file name. A file missing from the table (a fourth fund's own document) reads as the
fund's name and ``underlag``, so a file name still never reaches the document.
"""

from __future__ import annotations

import re

from templates.text import safe_text

# The seeds of /shared/seeds by file name (their README says what each is).
SEED_TITLES: dict[str, str] = {
    "000_285be90c0e506743.txt": "Region Gävleborg, Presentation",
    "001_1ff95a357d053479.txt": "Region Gävleborg, Riktlinjer",
    "002_82593df73ba30f5f.txt": "Region Gotland, Svar på motion",
    "003_5b9d04d96ccff620.txt": "Sundsvalls kommun, Riktlinjer",
    "004_f11d0a530a1c4fd6.txt": "Landstinget Blekinge, Former och riktlinjer",
}
# "8.1.4 Återbetalning …": a numbered section is cited as "avsnitt 8.1.4 …".
_NUMBERED = re.compile(r"^\d+(\.\d+)*\s")
_FILE = re.compile(r"^\S+\.(txt|pdf|docx?|md)$", re.IGNORECASE)


def source_title(source: str, fund_name: str) -> str:
    """``Region Gävleborg, Riktlinjer: Kriterier`` for ``001_….txt: Kriterier``.

    Args:
        source: The rule's citation, ``<file>: <section>`` (or free text).
        fund_name: The fund's display name, for documents the table does not know.
    """
    source = safe_text(source).strip()
    document, separator, section = source.partition(": ")
    if not separator:
        document, section = source, ""
    document = document.strip()
    if document in SEED_TITLES:
        title = SEED_TITLES[document]
    elif _FILE.match(document):
        title = f"{fund_name}, underlag"
    else:
        return source  # already a title
    section = section.strip()
    if _NUMBERED.match(section):
        section = f"avsnitt {section}"
    return f"{title}: {section}" if section else title
