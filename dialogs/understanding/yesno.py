"""Yes and no, with whatever people write after them.

``ja``, ``ja gärna``, ``ja, det stämmer``, ``absolut``, ``självklart`` are yes;
``nej``, ``nej tyvärr``, ``nej, det är helt nytt``, ``absolut inte``, ``inte
alls`` are no; where a question allows it (``nullable``), ``inte ännu``,
``inte än, vi har möte i januari``, ``nej, inte ännu`` and ``vet inte`` are
null. A yes followed by a no ("ja, men inte helt"), "delvis" or "kanske" is
:class:`Unclear`: asked again, never guessed; so are a partial answer ("ja till
viss del", "nej, utom en pilot"), a hedged no ("inte riktigt", "inte helt",
"inte formellt") and "nja". "inte säker" and "ingen aning" are "vet inte": null
where allowed, else asked again.
"""

from __future__ import annotations

import re

from dialogs.understanding.results import ParseError, Unclear, Understood
from dialogs.understanding.text import fold

BOOL_EXAMPLE = "ja eller nej väntades"
NULLABLE_EXAMPLE = f"{BOOL_EXAMPLE} (eller ”inte ännu”)"
MIXED = "jag kunde inte avgöra om det är ett ja eller ett nej; svara {also}"

# Folded phrases, longest first where one starts another ("absolut inte" before "absolut").
NO_PHRASES = (
    "absolut inte", "sjalvklart inte", "verkligen inte", "inte alls", "nej da", "nejda",
    "nej", "nae", "naa", "na", "nix", "nope", "no", "n", "false", "icke", "inte", "ingalunda",
    "det gor det inte", "det ar det inte", "det har vi inte", "det gor vi inte",
)  # fmt: skip
YES_PHRASES = (
    "ja visst", "javisst", "jovisst", "jajamen", "ja", "j", "jo", "japp", "jepp", "jada",
    "yes", "y", "absolut", "sjalvklart", "givetvis", "visst", "precis", "korrekt",
    "det stammer", "stammer", "true", "det gor det", "det ar det", "det har vi", "det gor vi",
)  # fmt: skip
NOT_YET_PHRASES = (
    "inte annu", "inte an", "ej annu", "annu inte", "inte riktigt an", "inte klart an",
    "inte klart", "inte an sa lange", "vet ej", "vet inte", "null", "inte beslutat",
    "inte bestamt", "inte saker", "inte helt saker", "osaker", "ingen aning", "oklart",
    "inte sakert",
)  # fmt: skip
# "inte" followed by these is no plain no: "inte riktigt" may be partly, "inte formellt"
# may be informally yes.
HEDGED_NO = re.compile(
    r"\binte (?:riktigt|helt|direkt|formellt|egentligen|officiellt|skriftligt|alla|alltid|"
    r"bara|fullt|till fullo|i sin helhet|sa mycket|pa papperet)\b"
)
# A part only: "ja till viss del", "nej, utom en liten pilot".
PARTLY = re.compile(
    r"\b(?:delvis|del|delar|delen|viss man|nastan|typ|i princip|utom|forutom|undantag|"
    r"mestadels|till storsta delen|till halften|halvt|halvvags|mer eller mindre)\b"
)
MIXED_LEADS = ("nja", "jein", "ja och nej", "bade ja och nej", "ja och nej", "jo och nej")
# After a yes, these make it no longer a plain yes; after a no, a yes word does.
_AFTER_YES = re.compile(r"\b(?:inte|ej|nej|aldrig|delvis|kanske|osaker|tveksamt)\b")
_AFTER_NO = re.compile(r"\b(?:ja|jo|delvis|kanske|osaker|tveksamt)\b")
_PUNCTUATION = re.compile(r"[.,;:!?()\"”“'’–—-]+")


def _lead(words: str, phrases: tuple[str, ...]) -> str | None:
    """The phrase the text starts with (as whole words), longest first."""
    for phrase in sorted(phrases, key=len, reverse=True):
        if words == phrase or words.startswith(phrase + " "):
            return phrase
    return None


def understand_bool(text: str, *, nullable: bool = False) -> Understood:
    """Yes (True), no (False) or, where allowed, not yet (None).

    Args:
        text: The line as typed.
        nullable: Whether "inte ännu" is an answer (stored as null).

    Returns:
        The value; the echo is ``ja``, ``nej`` or ``inte ännu`` when more was typed.

    Raises:
        ParseError: when the line is neither; :class:`Unclear` when it is both.
    """
    words = " ".join(_PUNCTUATION.sub(" ", fold(text)).split())
    expected = NULLABLE_EXAMPLE if nullable else BOOL_EXAMPLE
    mixed = MIXED.format(also="ja, nej eller inte ännu" if nullable else "ja eller nej")
    if _lead(words, MIXED_LEADS) or HEDGED_NO.search(words):
        raise Unclear(mixed)
    not_yet = _lead(words, NOT_YET_PHRASES)
    no = _lead(words, NO_PHRASES)
    if not_yet is None and no is not None:
        after_no = words[len(no) :].strip()
        not_yet = _lead(after_no, NOT_YET_PHRASES)
    if not_yet is not None and nullable:
        return Understood(None, "inte ännu" if words != "inte annu" else None)
    if no is not None and not (not_yet and no == "inte"):
        if _AFTER_NO.search(words[len(no) :]) or PARTLY.search(words[len(no) :]):
            raise Unclear(mixed)
        return Understood(False, None if words == "nej" else "nej")
    if not_yet is not None:
        raise ParseError(expected)
    yes = _lead(words, YES_PHRASES)
    if yes is not None:
        if _AFTER_YES.search(words[len(yes) :]) or PARTLY.search(words[len(yes) :]):
            raise Unclear(mixed)
        return Understood(True, None if words == "ja" else "ja")
    raise ParseError(expected)
