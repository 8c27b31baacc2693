"""Asked questions with the entry that answers them: what the search learns phrasing from.

The FAQ's own phrasings (canonical question, alternatives, opposites) are written by the
staff who keep the answers; people ask in far more ways than any one writer thinks of.
``knowledge/faq/examples/*.yaml`` holds labelled questions written by other people
(several writers, each blind to the FAQ, in the way applicants type in a chat), each set
in one file:

.. code-block:: yaml

    # where the set comes from
    questions:
      - {q: "Vi har bara 30 % själva, kan vi söka ändå?", id: for-lite-medfinansiering}
      - {q: "…", id: belopp, also: [kostnadsberakning], fund: sundsvall, lead: Ja}
    out_of_scope:
      - "Hur söker man föreningsbidrag från kommunen?"

The search indexes each labelled question as one more phrasing of its entry, and the
out-of-scope ones as phrasings of a class that is never answered: a question closer to
those than to any entry gets the honest "vet inte". An example never decides an answer's
"Ja."/"Nej." (its polarity is not checked by anyone); the entry's own phrasings do.

A set is also a measurement: ``knowledge.faq.evaluation`` reads the same format, and the
tests measure each set with the FAQ built from the others (``without``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from knowledge.errors import KnowledgeFileError
from knowledge.faq.model import FUND_ID_PATTERN, ID_PATTERN, checked_text
from knowledge.yaml_io import read_yaml

EXAMPLES_DIR = Path(__file__).parent / "examples"
# A labelled question is a chat message, not a document.
MAX_QUESTION_CHARS = 1000
_ITEM_FIELDS = frozenset({"q", "id", "also", "fund", "lead", "ctx", "yn"})
_LEADS = (None, "Ja", "Nej", "-")


@dataclass(frozen=True)
class Example:
    """One labelled question.

    Attributes:
        text: The question as its writer typed it.
        entry_id: The entry that answers it.
        also: Other entries that answer it as well (counted right in measurements).
        fund: The fund the asker applies to, or None.
        lead: "Ja"/"Nej" when the answer must open so, "-" when neither is right.
    """

    text: str
    entry_id: str
    also: tuple[str, ...] = ()
    fund: str | None = None
    lead: str | None = None


@dataclass(frozen=True)
class ExampleSet:
    """The labelled questions of one file.

    Attributes:
        name: The file's name without ``.yaml``.
        questions: The answerable questions.
        out_of_scope: Questions the FAQ must not answer.
    """

    name: str
    questions: tuple[Example, ...]
    out_of_scope: tuple[str, ...]

    def to_evaluation(self) -> dict[str, Any]:
        """The set in ``knowledge.faq.evaluation``'s format."""
        return {
            "questions": [
                {"q": e.text, "id": e.entry_id, "also": list(e.also), "fund": e.fund}
                | ({"lead": e.lead} if e.lead else {})
                for e in self.questions
            ],
            "out_of_scope": [{"q": q} for q in self.out_of_scope],
        }


def load_examples(folder: Path | None = None) -> tuple[ExampleSet, ...]:
    """Reads every ``*.yaml`` of the examples folder, in name order.

    Args:
        folder: The folder (default ``knowledge/faq/examples``); a missing folder
            holds no sets.

    Raises:
        KnowledgeFileError: naming the file, the question (``questions[3]``) and the
            field, in Swedish.
    """
    folder = folder or EXAMPLES_DIR
    if not folder.is_dir():
        return ()
    return tuple(parse_example_set(read_yaml(p), p.stem) for p in sorted(folder.glob("*.yaml")))


def example_files(folder: Path | None = None) -> list[Path]:
    """The example files, in name order (for cache keys)."""
    folder = folder or EXAMPLES_DIR
    return sorted(folder.glob("*.yaml")) if folder.is_dir() else []


def parse_example_set(data: Any, name: str) -> ExampleSet:
    """Validates one decoded example file.

    Args:
        data: The decoded YAML.
        name: The set's name (its file name without ``.yaml``), used in errors.

    Raises:
        KnowledgeFileError: naming the file, the question and the field.
    """
    file = f"examples/{name}.yaml"
    if not isinstance(data, Mapping):
        raise KnowledgeFileError(file, "en tabell med questions och out_of_scope väntades")
    unknown = sorted(str(k) for k in data if k not in {"questions", "out_of_scope"})
    if unknown:
        raise KnowledgeFileError(file, "okänt fält", field=unknown[0])
    raw_questions = data.get("questions") or []
    raw_outside = data.get("out_of_scope") or []
    if not isinstance(raw_questions, list):
        raise KnowledgeFileError(file, "en lista väntades", field="questions")
    if not isinstance(raw_outside, list):
        raise KnowledgeFileError(file, "en lista väntades", field="out_of_scope")
    questions = tuple(_example(raw, file, i) for i, raw in enumerate(raw_questions))
    outside = tuple(_outside(raw, file, i) for i, raw in enumerate(raw_outside))
    return ExampleSet(name, questions, outside)


def check_entry_ids(
    sets: Iterable[ExampleSet], known: Iterable[str], funds: Iterable[str] | None = None
) -> None:
    """Checks that every example names an entry of the FAQ (the packaged one) and, when
    ``funds`` is given, a fund there is.

    Args:
        sets: The example sets.
        known: The FAQ's entry ids.
        funds: The fund ids (None: funds are not checked).

    Raises:
        KnowledgeFileError: naming the file, the question and the unknown id.
    """
    ids = set(known)
    fund_ids = set(funds) if funds is not None else None
    for example_set in sets:
        file = f"examples/{example_set.name}.yaml"
        for i, example in enumerate(example_set.questions):
            for field, value in (("id", example.entry_id), *(("also", a) for a in example.also)):
                if value not in ids:
                    raise KnowledgeFileError(
                        file,
                        f"ingen FAQ-fråga har id {value!r}",
                        entry=f"questions[{i}]",
                        field=field,
                    )
            if fund_ids is not None and example.fund is not None and example.fund not in fund_ids:
                known_funds = ", ".join(sorted(fund_ids))
                raise KnowledgeFileError(
                    file,
                    f"okänd fond {example.fund!r} (fonder: {known_funds})",
                    entry=f"questions[{i}]",
                    field="fund",
                )


def phrasings_by_entry(
    sets: Iterable[ExampleSet], entry_ids: Sequence[str]
) -> tuple[list[list[str]], list[str]]:
    """The example questions per entry (in ``entry_ids`` order) and the out-of-scope ones.

    An example whose entry is not in ``entry_ids`` (staff removed it) is left out.
    """
    position = {entry_id: i for i, entry_id in enumerate(entry_ids)}
    per_entry: list[list[str]] = [[] for _ in entry_ids]
    outside: list[str] = []
    for example_set in sets:
        for example in example_set.questions:
            if example.entry_id in position:
                per_entry[position[example.entry_id]].append(example.text)
        outside.extend(example_set.out_of_scope)
    return per_entry, outside


def without(sets: Iterable[ExampleSet], name: str) -> tuple[ExampleSet, ...]:
    """Every set but the one of this name, and without the questions of the others that
    are the same as one of its (writers converge on "Hur mycket kan vi söka?"): what is
    left to measure that set honestly."""
    sets = tuple(sets)
    left_out = [s for s in sets if s.name == name]
    same = {_same(e.text) for s in left_out for e in s.questions}
    same |= {_same(q) for s in left_out for q in s.out_of_scope}
    return tuple(
        ExampleSet(
            s.name,
            tuple(e for e in s.questions if _same(e.text) not in same),
            tuple(q for q in s.out_of_scope if _same(q) not in same),
        )
        for s in sets
        if s.name != name
    )


def _same(text: str) -> str:
    """A question as compared for sameness: case, spacing and end marks aside."""
    return " ".join(text.lower().split()).rstrip("?!. ")


def _example(raw: Any, file: str, index: int) -> Example:
    where = f"questions[{index}]"
    if not isinstance(raw, Mapping):
        raise KnowledgeFileError(file, "en tabell (q, id) väntades", entry=where)
    unknown = sorted(str(k) for k in raw if k not in _ITEM_FIELDS)
    if unknown:
        raise KnowledgeFileError(file, "okänt fält", entry=where, field=unknown[0])
    text = _text(raw.get("q"), file, where, field="q")
    entry_id = _id(raw.get("id"), file, where, "id", ID_PATTERN)
    also = raw.get("also") or []
    if not isinstance(also, list):
        raise KnowledgeFileError(file, "en lista med id väntades", entry=where, field="also")
    others = tuple(_id(a, file, where, "also", ID_PATTERN) for a in also)
    fund = raw.get("fund")
    if fund is not None:
        fund = _id(fund, file, where, "fund", FUND_ID_PATTERN)
    lead = raw.get("lead")
    if lead not in _LEADS:
        raise KnowledgeFileError(file, "Ja, Nej eller - väntades", entry=where, field="lead")
    for flag in ("ctx", "yn"):
        if flag in raw and not isinstance(raw[flag], bool):
            raise KnowledgeFileError(file, "true eller false väntades", entry=where, field=flag)
    return Example(text, entry_id, others, fund, lead)


def _outside(raw: Any, file: str, index: int) -> str:
    where = f"out_of_scope[{index}]"
    if isinstance(raw, Mapping):
        unknown = sorted(str(k) for k in raw if k not in {"q", "ctx", "yn"})
        if unknown:
            raise KnowledgeFileError(file, "okänt fält", entry=where, field=unknown[0])
        return _text(raw.get("q"), file, where, field="q")
    return _text(raw, file, where)


def _text(value: Any, file: str, entry: str, *, field: str = "") -> str:
    if not isinstance(value, str) or not value.strip():
        raise KnowledgeFileError(file, "en fråga (text) väntades", entry=entry, field=field)
    if len(value) > MAX_QUESTION_CHARS:
        raise KnowledgeFileError(
            file, f"högst {MAX_QUESTION_CHARS} tecken", entry=entry, field=field
        )
    try:
        return checked_text(value)
    except ValueError as problem:
        raise KnowledgeFileError(file, str(problem), entry=entry, field=field) from None


def _id(value: Any, file: str, entry: str, field: str, pattern: str) -> str:
    if not isinstance(value, str) or not re.fullmatch(pattern, value):
        what = "små bokstäver, siffror, _ och -" if field == "fund" else "små bokstäver och -"
        raise KnowledgeFileError(file, f"ett id ({what}) väntades", entry=entry, field=field)
    return value
