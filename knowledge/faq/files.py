"""FAQ files: reading and validating YAML, the staff copy, atomic saves, export and import."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from pathlib import Path

import yaml

from knowledge.errors import KnowledgeFileError
from knowledge.faq.model import FaqEntry, validate_faq_data
from knowledge.faq.text import Language, fold, stop_stems
from knowledge.yaml_io import parse_yaml, read_yaml

FAQ_DIR = Path(__file__).parent
PACKAGED_FAQ = FAQ_DIR / "faq.yaml"
LANGUAGE_FILE = FAQ_DIR / "language.yaml"
DOMAIN_WORDS_FILE = FAQ_DIR / "domain_words.yaml"
LEMMA_FILE = FAQ_DIR / "lemmas.txt"
STAFF_FAQ_NAME = "faq.yaml"


def load_language(
    path: Path | None = None,
    domain_path: Path | None = None,
    *,
    with_domain: bool = True,
    lemma_path: Path | None = None,
) -> Language:
    """Reads the search's language data.

    Args:
        path: Stop words and synonyms (default ``knowledge/faq/language.yaml``).
        domain_path: The domain words (default ``knowledge/faq/domain_words.yaml``,
            generated from the source documents).
        with_domain: False to skip the domain words (used when regenerating them).
        lemma_path: The lemma table (default ``knowledge/faq/lemmas.txt``, generated
            from the Swedish Hunspell dictionary; optional).
    """
    path = path or LANGUAGE_FILE
    domain_path = domain_path or DOMAIN_WORDS_FILE
    data = read_yaml(path)
    if not isinstance(data, Mapping):
        raise KnowledgeFileError(path.name, "en tabell med stopwords och synonyms väntades")
    synonyms = data.get("synonyms", {})
    if not isinstance(synonyms, Mapping):
        raise KnowledgeFileError(
            path.name, "en tabell (fras: ersättning) väntades", field="synonyms"
        )
    exact = data.get("exact_synonyms", {})
    if not isinstance(exact, Mapping):
        raise KnowledgeFileError(
            path.name, "en tabell (ord: ersättning) väntades", field="exact_synonyms"
        )
    folded: dict[str, str] = {}
    for phrase, replacement in [*synonyms.items(), *exact.items()]:
        if not isinstance(phrase, str) or not isinstance(replacement, str):
            raise KnowledgeFileError(
                path.name, "fras och ersättning ska vara text", field=f"synonyms.{phrase}"
            )
        folded[" ".join(fold(phrase).split())] = " ".join(fold(replacement).split())
    fixed = data.get("fixed_keys", {})
    if not isinstance(fixed, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in fixed.items()
    ):
        raise KnowledgeFileError(path.name, "en tabell (ord: nyckel) väntades", field="fixed_keys")
    domain_data = read_yaml(domain_path) if with_domain and domain_path.is_file() else {}
    domain = domain_data.get("domain_words", []) if isinstance(domain_data, Mapping) else None
    if not isinstance(domain, list) or not all(isinstance(w, str) for w in domain):
        raise KnowledgeFileError(
            domain_path.name, "en lista med ordstammar väntades", field="domain_words"
        )
    lists = {
        name: _word_list(data, name, path)
        for name in (
            "stopwords",
            "stopwords_typed",
            "stopwords_only_as_written",
            "compound_prefixes",
            "generic_words",
            "frame_words",
            "negation_cues",
            "other_funders",
            "alternative_cues",
            "funding_heads",
            "foreign_words",
            "grant_heads",
            "funder_heads",
            "grant_words",
            "own_money",
            "lead_neutral",
            "own_funding",
            "applying_words",
            "history_verbs",
            "history_cues",
            "organisation_genitives",
            "entity_words",
            "grant_modifiers",
            "anchor_words",
        )
    }
    stopwords = [w.lower() for w in lists["stopwords"]]
    base = Language(
        stopwords=frozenset(stopwords) | {w.lower() for w in lists["stopwords_typed"]},
        stop_stems=stop_stems(stopwords, keep=lists["stopwords_only_as_written"]),
        synonyms=folded,
        domain_words=frozenset(domain),
        compound_prefixes=tuple(fold(w) for w in lists["compound_prefixes"]),
        exact_synonyms=frozenset(" ".join(fold(str(k)).split()) for k in exact),
        lemmas=read_lemmas(lemma_path or LEMMA_FILE),
        negation_cues=frozenset(w.lower() for w in lists["negation_cues"]),
    )
    return replace(
        base,
        generic_words=base.word_keys(lists["generic_words"]),
        frame_words=base.word_keys(lists["frame_words"]),
        other_funders=frozenset(fold(w.lower()) for w in lists["other_funders"]),
        alternative_cues=base.word_keys(lists["alternative_cues"]),
        funding_heads=tuple(sorted(base.word_keys(lists["funding_heads"]))),
        foreign_words=frozenset(fold(w.lower()) for w in lists["foreign_words"]),
        fixed_keys={k.lower(): fold(v.lower()) for k, v in fixed.items()},
        grant_heads=tuple(sorted(base.word_keys(lists["grant_heads"]))),
        funder_heads=tuple(sorted(base.word_keys(lists["funder_heads"]))),
        grant_words=base.word_keys(lists["grant_words"]),
        own_money=base.word_keys(lists["own_money"]),
        lead_neutral=base.word_keys(lists["lead_neutral"]),
        own_funding=base.word_keys(lists["own_funding"]),
        applying_words=base.word_keys(lists["applying_words"]),
        history_verbs=frozenset(w.lower() for w in lists["history_verbs"]),
        entity_words=base.word_keys(lists["entity_words"]),
        grant_modifiers=tuple(sorted(base.word_keys(lists["grant_modifiers"]))),
        anchor_words=base.word_keys(lists["anchor_words"]),
        organisation_genitives=frozenset(w.lower() for w in lists["organisation_genitives"]),
        history_cues=tuple(" ".join(fold(w).split()) for w in lists["history_cues"]),
    )


def read_lemmas(path: Path) -> dict[str, str]:
    """Reads a lemma table: one lemma a line, followed by its other forms.

    A missing file is an empty table (the search then relies on Snowball alone).

    Raises:
        KnowledgeFileError: when the file cannot be read.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as problem:
        raise KnowledgeFileError(
            path.name, f"filen kan inte läsas ({problem.__class__.__name__})"
        ) from None
    table: dict[str, str] = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        lemma, *forms = line.split()
        for form in forms:
            table[form] = lemma
    return table


def _word_list(data: Mapping, name: str, path: Path) -> list[str]:
    words = data.get(name, [])
    if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
        raise KnowledgeFileError(path.name, "en lista med ord väntades", field=name)
    return words


def load_faq_file(path: Path) -> list[FaqEntry]:
    """Reads and validates one FAQ YAML file."""
    return validate_faq_data(read_yaml(path), file=path.name)


class _ReadableDumper(yaml.SafeDumper):
    """Writes YAML the way the packaged file is written: nested lists indented, long
    texts as folded blocks (``>-``), so staff can edit an export comfortably."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    style = ">" if len(text) > LONG_TEXT and not text.startswith(" ") else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_ReadableDumper.add_representer(str, _represent_text)
LONG_TEXT = 70


def dump_faq(entries: Iterable[FaqEntry]) -> str:
    """The YAML text of entries, in the same format as the packaged file."""
    data = {"version": 1, "entries": [e.to_data() for e in entries]}
    return yaml.dump(data, Dumper=_ReadableDumper, allow_unicode=True, sort_keys=False, width=90)


_HEADER = (
    "# Idébots FAQ. Redigera och läs in med: idebot faq import FIL\n"
    "# Varje fråga: id, question, alternatives, answer, source och (valfritt) funds.\n"
)


def faq_document(entries: Iterable[FaqEntry]) -> str:
    """The whole YAML file of entries, with the header staff read first (export, staff copy)."""
    return _HEADER + dump_faq(entries)


def parse_faq_text(text: str, *, file: str = STAFF_FAQ_NAME) -> list[FaqEntry]:
    """Validates the entries of a FAQ file's text (the staff copy the store keeps).

    Raises:
        KnowledgeFileError: naming the file, entry and field.
    """
    return validate_faq_data(parse_yaml(text, file), file=file)
