"""Text helpers every reader shares: normalising, folding and word lists."""

from __future__ import annotations

import re

from knowledge.faq.text import fold as fold_accents

_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_WORD = re.compile(r"[^\W_]+")
# Dashes people type between two dates or years: hyphen, en dash, em dash, minus.
DASHES = "-‐‑‒–—−"
# Words that say a number is approximate; the number itself is what is stored.
APPROXIMATELY = (
    "ca",
    "ca.",
    "c:a",
    "cirka",
    "circa",
    "ungefär",
    "ungefar",
    "omkring",
    "runt",
    "runt om",
    "drygt",
    "knappt",
    "nästan",
    "närmare",
    "kring",
    "uppskattningsvis",
    "preliminärt",
)
_APPROX = re.compile(
    r"^(?:(?:"
    + "|".join(re.escape(w) for w in sorted(APPROXIMATELY, key=len, reverse=True))
    + r")\s+)+"
)


# What a line may hold that nobody reads: terminal escapes ("\x1b[31m"), control
# characters, zero-width and direction marks ("1\u200b000", "\u202eja"), a BOM, lone
# surrogates. They are removed before anything is read, so "1\u200b000" is 1000.
_ESCAPES = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|[@-_])")
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2069"
    "\ufeff\ufff9-\ufffb\ud800-\udfff]"
)


def visible(text: str) -> str:
    """The text without escapes, control and invisible characters (line breaks kept)."""
    return _INVISIBLE.sub("", _ESCAPES.sub("", text))


def squash(text: str) -> str:
    """Trims and folds runs of white space (no-break spaces too) to one space; keeps case;
    drops invisible characters (:func:`visible`)."""
    return _SPACES.sub(" ", visible(text)).strip()


def lower(text: str) -> str:
    """Lower case, one character for one, so positions in it are positions in ``text``."""
    lowered = text.lower()
    if len(lowered) == len(text):  # every character lower-cased to one (the usual case)
        return lowered
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def normalise(text: str) -> str:
    """Lower-cases, trims and folds runs of white space to one space."""
    return lower(squash(text))


def fold(text: str) -> str:
    """``normalise`` plus removal of accents, for forgiving label matching."""
    return fold_accents(normalise(text))


def words(text: str) -> list[str]:
    """The words of a text (letters and digits, no punctuation)."""
    return _WORD.findall(text)


def strip_approximately(text: str) -> tuple[str, bool]:
    """``"ca 150"`` → ``("150", True)``: the text without leading approximation words."""
    stripped = _APPROX.sub("", text)
    return stripped, stripped != text


def trim_punctuation(text: str) -> str:
    """The text without surrounding punctuation and spaces (``"ja!"`` → ``"ja"``)."""
    return text.strip().strip(".!,;:–- ").strip()


def has_run(haystack: list[str], run: list[str]) -> bool:
    """Whether ``run`` occurs in ``haystack`` as consecutive whole words."""
    size = len(run)
    return any(haystack[i : i + size] == run for i in range(len(haystack) - size + 1))


# A list typed as a list: bullets and numbers at line starts ("- Röda korset", "2. BUP").
_MARKER = re.compile(r"^\s*(?:[-–—•*·▪►]+|\(?\d{1,2}[.)]|\(?[a-h][.)])\s+")
_INLINE_NUMBER = re.compile(r"\s+(?=\(?\d{1,2}[.)]\s)")
# "m.fl.", "etc." after the last row, "bl.a." before the first: no rows of their own.
_AND_MORE = re.compile(
    r"(?:\s*,\s*|\s+)(?:m\.?\s?fl\.?|med flera|etc\.?|etcetera|osv\.?|o\.s\.v\.?|m\.?\s?m\.?|"
    r"med mera|och så vidare|och andra|med fler)\s*[.!]?\s*$",
    re.IGNORECASE,
)
_FOR_EXAMPLE = re.compile(r"^(?:bl\.?\s?a\.?|bland annat|t\.?\s?ex\.?|till exempel)\s+", re.I)


def list_lines(text: str) -> str:
    """A list's rows on one line, separated by ``;``: line breaks, bullets and numbering
    ("1. Röda korset 2. BUP") become separators, "m.fl."/"etc." and "bl.a." go."""
    lines = [line for line in visible(text).replace("\r", "\n").split("\n") if line.strip()]
    if len(lines) == 1 and re.match(r"^\s*\(?1[.)]\s", lines[0]):
        lines = _INLINE_NUMBER.split(lines[0])
    rows = [_MARKER.sub("", line).strip().rstrip(",;") for line in lines]
    line = "; ".join(row for row in rows if row)
    return _FOR_EXAMPLE.sub("", _AND_MORE.sub("", line)).strip()
