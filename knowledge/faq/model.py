"""FAQ entries as validated data: the schema, its Swedish errors and the required topics."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
)

from knowledge.errors import KnowledgeFileError
from knowledge.faq.rendering import check_templates

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
FUND_ID_PATTERN = r"^[a-z0-9_]+(?:-[a-z0-9_]+)*$"
# Control characters (tab and line break allowed) and lone surrogates.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def checked_text(value: Any) -> Any:
    """A text stripped; a control character or lone surrogate (an escape pasted from a
    terminal, a broken copy) is refused by its code point, since people would see it."""
    if not isinstance(value, str):
        return value
    # One regular expression search: every load of the FAQ (a cached one too) checks
    # each text, and a loop over the characters cost 20 ms of each `idebot faq`.
    found = _CONTROL.search(value)
    if found is not None:
        raise ValueError(f"innehåller ett styrtecken (U+{ord(found.group()):04X}); ta bort det")
    return value.strip()


class FundAnswer(BaseModel):
    """The answer one fund gives instead of the general one."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    answer: str = Field(min_length=1)
    source: str | None = None

    @field_validator("answer", "source", mode="before")
    @classmethod
    def _strip(cls, value: Any) -> Any:
        return checked_text(value)


class FaqEntry(BaseModel):
    """One FAQ entry (``faq.md``).

    Attributes:
        id: Stable kebab-case id, e.g. ``medfinansiering``.
        question: The canonical Swedish question.
        alternatives: Other ways people ask the same thing (all indexed for search).
            A yes/no alternative asks the same as the canonical question, so an answer
            opening with "Ja."/"Nej." answers it as written.
        opposite: Phrasings that ask the opposite yes/no question ("Kan vi söka
            ensamma?" for "Måste vi samverka?"): indexed too, and an answer opening
            with "Ja."/"Nej." is turned around for them.
        answer: The general answer in plain Swedish (may contain placeholders).
        source: Where the answer comes from: ``<seed file>: <section>``.
        funds: Fund id → the answer that wins when that fund is active.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=ID_PATTERN)
    question: str = Field(min_length=1)
    alternatives: list[str] = Field(default_factory=list)
    opposite: list[str] = Field(default_factory=list)
    answer: str = Field(min_length=1)
    source: str = Field(min_length=1)
    funds: dict[str, FundAnswer] = Field(default_factory=dict)

    @field_validator("question", "answer", "source", mode="before")
    @classmethod
    def _strip(cls, value: Any) -> Any:
        return checked_text(value)

    @field_validator("alternatives", "opposite")
    @classmethod
    def _strip_all(cls, values: list[str], info: ValidationInfo) -> list[str]:
        stripped = [checked_text(v) for v in values]
        # "alternativ" is an ett-word, "fråga" an en-word.
        what = (
            "alternativ {} är tomt"
            if info.field_name == "alternatives"
            else "motsatt fråga {} är tom"
        )
        for index, value in enumerate(stripped):
            if not value:
                raise ValueError(what.format(index + 1))
        return stripped

    @field_validator("funds")
    @classmethod
    def _fund_ids(cls, funds: dict[str, FundAnswer]) -> dict[str, FundAnswer]:
        for fund_id in funds:
            if not re.fullmatch(FUND_ID_PATTERN, fund_id):
                raise ValueError(f'ogiltigt fond-id "{fund_id}" (små bokstäver, t.ex. gavleborg)')
        return funds

    def answer_variant(self, fund_id: str | None) -> tuple[str, str]:
        """The (answer template, source) that applies for a fund id (or the general one)."""
        specific = self.funds.get(fund_id) if fund_id else None
        if specific is None:
            return self.answer, self.source
        return specific.answer, specific.source or self.source

    def to_data(self) -> dict[str, Any]:
        """The entry as plain data in file order, without empty optional parts."""
        data: dict[str, Any] = {
            "id": self.id,
            "question": self.question,
            "alternatives": list(self.alternatives),
        }
        if self.opposite:
            data["opposite"] = list(self.opposite)
        data |= {
            "answer": self.answer,
            "source": self.source,
        }
        if self.funds:
            data["funds"] = {
                fund: {"answer": fa.answer, **({"source": fa.source} if fa.source else {})}
                for fund, fa in self.funds.items()
            }
        return data


@dataclass(frozen=True, slots=True)
class FaqHit:
    """One search result: the entry, its answer for the active fund, and the score (0–1)."""

    id: str
    question: str
    answer: str
    score: float

    def to_json(self) -> dict[str, Any]:
        """The JSON object of ``interfaces.md``: id, question, answer, score."""
        return {
            "id": self.id,
            "question": self.question,
            "answer": self.answer,
            "score": self.score,
        }


_PYDANTIC_SV = {
    "missing": "fältet saknas",
    "string_type": "en text väntades",
    "list_type": "en lista väntades",
    "dict_type": "en tabell (nyckel: värde) väntades",
    "model_type": "en tabell (nyckel: värde) väntades",
    "extra_forbidden": "okänt fält",
    "string_too_short": "får inte vara tomt",
    "string_pattern_mismatch": "ogiltigt id: använd små bokstäver a–z, siffror och bindestreck "
    '(kebab-case, t.ex. "sista-ansokningsdag")',
}


def _field_path(loc: Sequence[Any]) -> str:
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path


def _swedish_reason(error: Mapping[str, Any]) -> str:
    kind = error.get("type", "")
    if kind in _PYDANTIC_SV:
        reason = _PYDANTIC_SV[kind]
    elif kind == "value_error":
        reason = str(error.get("ctx", {}).get("error", error.get("msg", "")))
    else:
        reason = f"ogiltigt värde ({error.get('msg', kind)})"
    value = error.get("input")
    if kind in {"string_type", "list_type", "dict_type", "model_type"} and value is not None:
        reason += f", fick {_kind_of(value)} {str(value)[:40]!r}"
    return reason


def _kind_of(value: Any) -> str:
    # Staff read Swedish, not Python type names ("int", "dict").
    if isinstance(value, bool):
        return "ja/nej-värdet"
    if isinstance(value, int | float):
        return "talet"
    if isinstance(value, Mapping):
        return "tabellen"
    if isinstance(value, list | tuple):
        return "listan"
    return "texten" if isinstance(value, str) else "värdet"


def _entry_label(raw: Any, index: int) -> str:
    if isinstance(raw, Mapping) and isinstance(raw.get("id"), str) and raw["id"].strip():
        return raw["id"].strip()
    return f"entries[{index}]"


def validate_faq_data(data: Any, file: str = "faq.yaml") -> list[FaqEntry]:
    """Validates decoded FAQ data (a mapping with ``entries``, or a bare list).

    Args:
        data: The decoded YAML.
        file: The file name used in error messages.

    Returns:
        The entries, in file order.

    Raises:
        KnowledgeFileError: naming file, entry and field, in Swedish.
    """
    if isinstance(data, Mapping):
        unknown = sorted(str(k) for k in data if k not in {"entries", "version"})
        if unknown:
            raise KnowledgeFileError(file, "okänt fält", field=unknown[0])
        raw_entries = data.get("entries")
        if raw_entries is None:
            raise KnowledgeFileError(file, "fältet saknas", field="entries")
    else:
        raw_entries = data
    if not isinstance(raw_entries, list):
        raise KnowledgeFileError(file, "en lista med frågor väntades", field="entries")
    entries: list[FaqEntry] = []
    seen: set[str] = set()
    for index, raw in enumerate(raw_entries):
        label = _entry_label(raw, index)
        if not isinstance(raw, Mapping):
            raise KnowledgeFileError(file, "en tabell (nyckel: värde) väntades", entry=label)
        try:
            entry = FaqEntry.model_validate(dict(raw))
        except ValidationError as error:
            first = error.errors(include_url=False)[0]
            raise KnowledgeFileError(
                file, _swedish_reason(first), entry=label, field=_field_path(first["loc"])
            ) from None
        if entry.id in seen:
            raise KnowledgeFileError(
                file, "id:t finns redan i en annan fråga", entry=label, field="id"
            )
        seen.add(entry.id)
        check_templates(entry, file)
        entries.append(entry)
    return entries


# The topics of faq.md: an imported file must keep every one of them.
REQUIRED_IDS = (
    "vad-ar-social-investering",
    "varfor-sociala-investeringar",
    "arbetssatt",
    "tre-spar",
    "utfallskontrakt",
    "vem-kan-soka",
    "vinstdrivande",
    "samverkan",
    "medfinansiering",
    "tidsram",
    "befintlig-verksamhet",
    "malgrupp",
    "forebyggande-tidig",
    "evidens",
    "ideprovning",
    "ansokan-innehall",
    "beslut",
    "bedomning",
    "aterforing",
    "aterbetalningstid",
    "kontrollgrupp",
    "uppfoljning",
    "kostnadsberakning",
    "implementering",
    "avslag",
    "sista-ansokningsdag",
    "kontakt",
    "personuppgifter",
)


def missing_topics(entries: Iterable[FaqEntry]) -> list[str]:
    """The required topic ids (``faq.md``) that the entries lack."""
    present = {e.id for e in entries}
    return [topic for topic in REQUIRED_IDS if topic not in present]
