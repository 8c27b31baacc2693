"""FAQ files: reading and validating YAML, the staff copy, atomic saves, export and import."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

import yaml

from knowledge.errors import KnowledgeFileError
from knowledge.faq.model import FaqEntry, validate_faq_data
from knowledge.faq.text import Language, fold, stem_word
from knowledge.yaml_io import parse_yaml, read_yaml

FAQ_DIR = Path(__file__).parent
PACKAGED_FAQ = FAQ_DIR / "faq.yaml"
LANGUAGE_FILE = FAQ_DIR / "language.yaml"
DOMAIN_WORDS_FILE = FAQ_DIR / "domain_words.yaml"
STAFF_FAQ_NAME = "faq.yaml"


def load_language(
    path: Path | None = None, domain_path: Path | None = None, *, with_domain: bool = True
) -> Language:
    """Reads the search's language data.

    Args:
        path: Stop words and synonyms (default ``knowledge/faq/language.yaml``).
        domain_path: The domain words (default ``knowledge/faq/domain_words.yaml``,
            generated from the source documents).
        with_domain: False to skip the domain words (used when regenerating them).
    """
    path = path or LANGUAGE_FILE
    domain_path = domain_path or DOMAIN_WORDS_FILE
    data = read_yaml(path)
    if not isinstance(data, Mapping):
        raise KnowledgeFileError(path.name, "en tabell med stopwords och synonyms väntades")
    stopwords = data.get("stopwords", [])
    synonyms = data.get("synonyms", {})
    if not isinstance(stopwords, list) or not all(isinstance(w, str) for w in stopwords):
        raise KnowledgeFileError(path.name, "en lista med ord väntades", field="stopwords")
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
    domain_data = read_yaml(domain_path) if with_domain and domain_path.is_file() else {}
    domain = domain_data.get("domain_words", []) if isinstance(domain_data, Mapping) else None
    if not isinstance(domain, list) or not all(isinstance(w, str) for w in domain):
        raise KnowledgeFileError(
            domain_path.name, "en lista med ordstammar väntades", field="domain_words"
        )
    prefixes = data.get("compound_prefixes", [])
    if not isinstance(prefixes, list) or not all(isinstance(w, str) for w in prefixes):
        raise KnowledgeFileError(
            path.name, "en lista med förled väntades", field="compound_prefixes"
        )
    weak = {name: _word_list(data, name, path) for name in ("generic_words", "frame_words")}
    return Language(
        stopwords=frozenset(w.lower() for w in stopwords),
        synonyms=folded,
        domain_words=frozenset(domain),
        compound_prefixes=tuple(fold(w) for w in prefixes),
        generic_words=_word_forms(weak["generic_words"]),
        frame_words=_word_forms(weak["frame_words"]),
        exact_synonyms=frozenset(" ".join(fold(str(k)).split()) for k in exact),
    )


def _word_forms(words: list[str]) -> frozenset[str]:
    # The stem of the listed form and the form itself: Snowball cuts "skillnad" to
    # "skilln" but "skillnaden" to "skillnad".
    folded = [fold(w.lower()) for w in words]
    return frozenset(folded) | frozenset(stem_word(w) for w in folded)


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
