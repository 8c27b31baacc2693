"""Names of organisations: splitting a line of them, and a suggested organisation type.

``split_names("vi samarbetar med Röda korset och skolan")`` gives ``["Röda
korset", "skolan"]``: lead-in words go, the list splits at commas, line
breaks, ``;``, `` / ``, ``+``, ``samt``, and at ``och`` and ``&`` between two
names – never inside ``Barn- och utbildningsförvaltningen``, nor inside a
name of two plain nouns (``Vård och omsorg``, ``Kultur och fritid``: the word
after ``och`` is lower case, indefinite and no organisation by itself). A
unit written after its organisation stays with it (``Sundsvalls kommun,
Arbetslivsförvaltningen`` is one name); a unit written before one (``Hälso- och
sjukvårdsförvaltningen, Region Gävleborg``) is asked back, as one or two
parties decide a verdict. A part that reads as a sentence, that is not
decided ("vet inte än", "inte bestämt") or is only maybe ("troligen
skolan") is :class:`Unclear`, so such a line never becomes a name.

``suggest_org_type`` guesses the type from the name for the dialog to
confirm: ``kommun``/``förvaltning`` → kommun, ``Region`` → region,
``förening``/``Röda korset`` → ideell, ``AB`` → foretag.
"""

from __future__ import annotations

import re

from dialogs.understanding.results import Unclear
from dialogs.understanding.text import fold, list_lines, squash, trim_punctuation, words

NAMES_EXAMPLE = "skriv namnen med komma emellan, t.ex. Röda korset, Sandvikens kommun och IFK Gävle"
_COMMA = "\ufff0"  # stands for a comma inside brackets while the line is split
# Most names are short; a longer part is a sentence, not a name.
MAX_NAME_WORDS = 7

_LEAD = re.compile(
    r"^(?:(?:ja|jo|och|även|också|dessutom|plus)\b[,!.:]?\s*)*"
    r"(?:(?:vi|de|jag)\s+)?(?:(?:samarbetar|samverkar|jobbar|arbetar|kör|gör det)\s+)?"
    r"(?:(?:också|även|dessutom|tillsammans|ihop)\s+)?(?:med\s+)?"
    r"(?:(?:parterna|samverkansparterna|samverkansparter|partners)\s+är\s+)?",
    re.IGNORECASE,
)
_TRAIL = re.compile(
    r"(?:\s+(?:också|även|dessutom|med|är med|är också med|medverkar|deltar|också med))+$",
    re.IGNORECASE,
)
_SPLIT = re.compile(r"(\s*[,;\n]\s*|\s+\+\s+|\s+/\s+|(?<!-)\s+samt\s+)", re.IGNORECASE)
# "och" and "&" split names unless they join two plain nouns into one (see _one_name).
_AND = re.compile(r"(?<!-)\s+(?:och|&)\s+", re.IGNORECASE)
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
        "inte",
    ]
)
# A name that is only maybe one: asked back, as counting it could pass a rule.
HEDGES = frozenset(
    {"troligen", "troligtvis", "förhoppningsvis", "kanske", "eventuellt", "ev", "möjligen",
     "förmodligen", "antagligen", "preliminärt", "eventuell", "möjligtvis", "kanhända"}
)  # fmt: skip
_UNDECIDED = re.compile(
    r"\b(?:vet (?:inte|ej)|inte (?:klart|bestämt|beslutat|säkert|känt)|oklart|ingen aning|"
    r"svårt att säga|återkommer|tbd|osäkert|ej klart|ej bestämt|inte än|inte ännu)\b",
    re.IGNORECASE,
)
UNDECIDED = (
    "det låter som att det inte är bestämt än; skriv /hoppa för att hoppa över frågan "
    "(den står då som obesvarad), eller nej om det inte finns några"
)
UNIT_FIRST = (
    "hör ”{unit}” till {head}? Skriv organisationen först, t.ex. ”{head}, {unit}”, "
    "eller två parter med ”och” emellan"
)
_HEADS = re.compile(
    r"\b(?:kommun|kommuns|kommunen|region|regionen|landsting|landstinget|stad)\b", re.I
)
_UNIT = re.compile(
    r"^(?:[\w\-]+\s+){0,3}[\w\-]*(?:förvaltning|förvaltningen|nämnd|nämnden|enhet|enheten|avdelning|avdelningen|"
    r"kontor|kontoret|kansli|kansliet|sektion|sektionen|verksamhet|verksamheten|"
    # The parts of a kommun or region people name after it: "Karlskrona kommun, elevhälsan".
    r"socialtjänst|socialtjänsten|elevhälsa|elevhälsan|psykiatri|psykiatrin|skola|skolan|"
    r"skolor|skolorna|vårdcentral|vårdcentralen|hälsocentral|hälsocentralen|mottagning|"
    r"mottagningen|habilitering|habiliteringen|primärvård|primärvården|öppenvård|"
    r"öppenvården|familjecentral|familjecentralen|fritidsgård|fritidsgården|bup|ifo)$",
    re.IGNORECASE,
)


def _definite(word: str) -> bool:
    """``skolan``, ``polisen``, ``Fryshuset``: a definite noun names one organisation."""
    lowered = word.lower()
    return lowered.endswith(("en", "an", "et", "na", "ns")) and not lowered.endswith("het")


def _plain_noun(part: str) -> bool:
    """One indefinite word that names no organisation by itself: ``omsorg``, ``fritid``."""
    tokens = part.split()
    return (
        len(tokens) == 1
        and tokens[0].isalpha()
        and not _definite(tokens[0])
        and suggest_org_type(tokens[0]) is None
        and not _HEADS.search(tokens[0].lower())
    )


def _one_name(left: str, right: str) -> bool:
    """Whether ``left och right`` is one name ("Vård och omsorg", "Kultur och fritid i
    Sandviken"), not two organisations ("Röda korset och skolan", "ABF och Sensus")."""
    first = right.split()[0] if right.split() else ""
    head = left.split()
    # The word before may name a kind of unit itself ("Skola och fritid").
    if len(head) != 1 or not head[0].isalpha() or _definite(head[0]) or not first:
        return False
    if first[:1].isupper():  # "Vård och Omsorg": only two plain nouns and nothing more
        return _plain_noun(left) and _plain_noun(right)
    return _plain_noun(first) and suggest_org_type(right) is None


def _split_and(piece: str) -> tuple[list[str], set[str]]:
    """A piece split at "och"/"&" where they separate names, and the names of two plain
    nouns joined ("Vård och omsorg": a unit's name, as a rule)."""
    parts = _AND.split(piece)
    names, joined = [parts[0]], set()
    for part in parts[1:]:
        if _one_name(names[-1], part):
            typed = re.search(rf"{re.escape(names[-1])}(\s+(?:och|&)\s+){re.escape(part)}", piece)
            names[-1] = f"{names[-1]}{typed[1] if typed else ' och '}{part}"
            joined.add(names[-1])
        else:
            names.append(part)
    return names, joined


def split_names(text: str, *, example: str = NAMES_EXAMPLE) -> list[str]:
    """The organisation names in one line, as typed (case kept).

    Args:
        text: The line.
        example: How a good line looks, for the message when it cannot be read.

    Raises:
        Unclear: when a part reads as a sentence rather than a name, is not decided
            yet or only maybe, or is a unit written before its organisation.
    """
    line = _TRAIL.sub("", _LEAD.sub("", squash(list_lines(text))))
    if _UNDECIDED.search(line):
        raise Unclear(UNDECIDED)
    # A comma inside brackets ("Röda korset (läxhjälp, lokaler)") separates no names.
    line = re.sub(r"\([^)]*\)", lambda m: m[0].replace(",", _COMMA), line)
    pieces = _SPLIT.split(line)
    names: list[str] = []
    units: set[str] = set()  # names that read as a unit's: "Vård och omsorg"
    previous_comma = False
    for index, piece in enumerate(pieces):
        if index % 2:  # a separator
            previous_comma = "," in piece
            continue
        parts, joined = _split_and(piece)
        units |= {trim_punctuation(_TRAIL.sub("", _LEAD.sub("", j))) for j in joined}
        for number, part in enumerate(parts):
            name = trim_punctuation(_TRAIL.sub("", _LEAD.sub("", part))).replace(_COMMA, ",")
            if not name:
                continue
            after_comma = previous_comma and number == 0 and names
            if after_comma and _UNIT.match(name) and _HEADS.search(names[-1].lower()):
                names[-1] = f"{names[-1]}, {name}"
                continue
            unit_before = bool(names) and (
                _UNIT.match(names[-1]) is not None
                or names[-1] in units
                # "Socialtjänsten, Sandvikens kommun": a unit of that kind of organisation
                or (
                    not _HEADS.search(names[-1])
                    and suggest_org_type(names[-1]) == suggest_org_type(name) is not None
                )
            )
            if after_comma and unit_before and _HEADS.search(name.lower()):
                raise Unclear(UNIT_FIRST.format(unit=names[-1], head=name))
            names.append(name)
    for name in names:
        check_name(name, example)
    return names


def check_name(name: str, example: str) -> str:
    """The name, if it reads as one: not a sentence, not undecided, not a maybe.

    Raises:
        Unclear: saying why, with ``example``.
    """
    tokens = [w.lower() for w in words(name)]
    if _UNDECIDED.search(name):
        raise Unclear(UNDECIDED)
    if HEDGES & set(tokens):
        raise Unclear(
            f"är ”{name}” med? Skriv bara de parter som är med – fler kan läggas till senare"
        )
    if len(tokens) > MAX_NAME_WORDS or SENTENCE_WORDS & set(tokens):
        raise Unclear(f"jag kunde inte läsa ut namnen; {example}")
    return name


def is_unit(text: str) -> bool:
    """Whether a text names a unit or an organisation (``socialförvaltningen``, ``BUP``),
    not a role (``läxhjälp``)."""
    return bool(
        _UNIT.match(text)
        or suggest_org_type(text) is not None
        or re.fullmatch(r"[A-ZÅÄÖ]{2,6}", text.strip())
    )


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
