"""Names of organisations: splitting a line of them, and a suggested organisation type.

``split_names("vi samarbetar med Röda korset och skolan")`` gives ``["Röda
korset", "skolan"]``: lead-in words go, the list splits at commas, ``och``,
``samt`` and ``&`` (never inside ``Barn- och utbildningsförvaltningen``), and
a unit written after its organisation stays with it (``Sundsvalls kommun,
Arbetslivsförvaltningen`` is one name). A part that reads as a sentence is
:class:`Unclear`, so a whole sentence never becomes a name.

``suggest_org_type`` guesses the type from the name for the dialog to
confirm: ``kommun``/``förvaltning`` → kommun, ``Region`` → region,
``förening``/``Röda korset`` → ideell, ``AB`` → foretag.
"""

from __future__ import annotations

import re

from dialogs.understanding.results import Unclear
from dialogs.understanding.text import fold, squash, trim_punctuation, words

NAMES_EXAMPLE = "skriv namnen med komma emellan, t.ex. Röda korset, Sandvikens kommun och IFK Gävle"
_COMMA = "\ufff0"  # stands for a comma inside brackets while the line is split
# Most names are short; a longer part is a sentence, not a name.
MAX_NAME_WORDS = 7

_LEAD = re.compile(
    r"^(?:(?:ja|jo|och|även|också|dessutom|plus)\b[,!.:]?\s*)*"
    r"(?:(?:vi|de|jag)\s+)?(?:(?:samarbetar|samverkar|jobbar|arbetar|kör|gör det)\s+)?"
    r"(?:(?:också|även|dessutom|tillsammans)\s+)?(?:med\s+)?"
    r"(?:(?:parterna|samverkansparterna|samverkansparter|partners)\s+är\s+)?",
    re.IGNORECASE,
)
_TRAIL = re.compile(
    r"(?:\s+(?:också|även|dessutom|med|är med|är också med|medverkar|deltar|också med))+$",
    re.IGNORECASE,
)
_SPLIT = re.compile(r"(\s*[,;\n]\s*|\s+&\s+|\s+\+\s+|(?<!-)\s+(?:och|samt)\s+)", re.IGNORECASE)
# A part that holds one of these reads as a sentence about the partners, not a name.
SENTENCE_WORDS = frozenset(
    [
        "är",
        "har",
        "ska",
        "kommer",
        "blir",
        "vill",
        "kan",
        "gör",
        "samarbetar",
        "samverkar",
        "jobbar",
        "arbetar",
        "finns",
        "söker",
        "hjälper",
        "bidrar",
        "deltar",
        "ingår",
        "står",
        "behöver",
        "brukar",
        "skulle",
    ]
)
_HEADS = re.compile(r"\b(?:kommun|kommuns|region|regionen|landsting|landstinget|stad)\b")
_UNIT = re.compile(
    r"^(?:[\w\-]+\s+){0,3}[\w\-]*(?:förvaltning|förvaltningen|nämnd|nämnden|enhet|enheten|avdelning|avdelningen|"
    r"kontor|kontoret|kansli|kansliet|sektion|sektionen|verksamhet|verksamheten)$",
    re.IGNORECASE,
)


def split_names(text: str, *, example: str = NAMES_EXAMPLE) -> list[str]:
    """The organisation names in one line, as typed (case kept).

    Args:
        text: The line.
        example: How a good line looks, for the message when it cannot be read.

    Raises:
        Unclear: when a part reads as a sentence rather than a name.
    """
    line = _TRAIL.sub("", _LEAD.sub("", squash(text)))
    # A comma inside brackets ("Röda korset (läxhjälp, lokaler)") separates no names.
    line = re.sub(r"\([^)]*\)", lambda m: m[0].replace(",", _COMMA), line)
    pieces = _SPLIT.split(line)
    names: list[str] = []
    previous_comma = False
    for index, piece in enumerate(pieces):
        if index % 2:  # a separator
            previous_comma = "," in piece
            continue
        name = trim_punctuation(_TRAIL.sub("", _LEAD.sub("", piece))).replace(_COMMA, ",")
        if not name:
            continue
        if previous_comma and names and _UNIT.match(name) and _HEADS.search(names[-1].lower()):
            names[-1] = f"{names[-1]}, {name}"
            continue
        names.append(name)
    for name in names:
        tokens = [w.lower() for w in words(name)]
        if len(tokens) > MAX_NAME_WORDS or SENTENCE_WORDS & set(tokens):
            raise Unclear(f"jag kunde inte läsa ut namnen; {example}")
    return names


# Checked in order: a region's förvaltning is the region's, a förening named after a
# kommun is a förening.
_SUGGESTIONS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "region",
        re.compile(
            r"\b(?:region\w*|landsting\w*|vardcentral\w*|sjukhus\w*|bup|habilitering\w*|"
            r"psykiatri\w*|ungdomsmottagning\w*)\b"
        ),
    ),
    (
        "statlig",
        re.compile(
            r"\b(?:arbetsformedlingen|forsakringskassan|polis\w*|lansstyrelsen\w*|"
            r"kriminalvarden|migrationsverket|skolverket|myndighet\w*|statens|statlig\w*)\b"
        ),
    ),
    ("foretag", re.compile(r"\b(?:ab|aktiebolag\w*|hb|handelsbolag\w*|foretag\w*|firma)\b")),
    (
        "ideell",
        re.compile(
            r"\b(?:\w*forening\w*|roda korset|radda barnen|stiftelse\w*|\w*kooperativ\w*|"
            r"if|ifk|ik|aik|bk|fk|ff|sk|idrottsklubb\w*|svenska kyrkan|\w*forsamling\w*|"
            r"studieforbund\w*|abf|sensus|bris|stadsmissionen|frälsningsarmén|frälsningsarmen|"
            r"scout\w*|ideell\w*|ideburen|ideburna)\b"
        ),
    ),
    (
        "kommun",
        re.compile(
            r"\b(?:kommun\w*|\w*forvaltning\w*|\w*namnd\w*|stad|stadsdel\w*|socialtjanst\w*|"
            r"\w*skola|\w*skolan|\w*skolor|fritidsgard\w*|elevhals\w*)\b"
        ),
    ),
)


def suggest_org_type(name: str) -> str | None:
    """The organisation type a name suggests (an ``OrgType`` value), or None."""
    folded = " ".join(words(fold(name)))
    for value, pattern in _SUGGESTIONS:
        if pattern.search(folded):
            return value
    return None
