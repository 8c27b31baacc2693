"""The FAQ: validated entries, fund-specific answers, Swedish-aware search and staff edits.

``model`` is the schema, ``files`` reads and writes the YAML, ``text`` and ``search``
match questions, ``examples`` holds the labelled questions the search learns from,
``rendering`` fills answer placeholders, ``catalog`` holds :class:`Faq`.
The packaged entries are ``faq.yaml`` beside these modules; the search's word lists are
``language.yaml`` and ``domain_words.yaml``.
"""

from knowledge.faq.catalog import Faq, load_faq
from knowledge.faq.examples import (
    EXAMPLES_DIR,
    Example,
    ExampleSet,
    check_entry_ids,
    load_examples,
    parse_example_set,
    without,
)
from knowledge.faq.files import (
    DOMAIN_WORDS_FILE,
    FAQ_DIR,
    LANGUAGE_FILE,
    PACKAGED_FAQ,
    STAFF_FAQ_NAME,
    dump_faq,
    faq_document,
    load_faq_file,
    load_language,
    parse_faq_text,
)
from knowledge.faq.model import (
    FUND_ID_PATTERN,
    ID_PATTERN,
    REQUIRED_IDS,
    FaqEntry,
    FaqHit,
    FundAnswer,
    missing_topics,
    validate_faq_data,
)
from knowledge.faq.questions import asks_or_requests
from knowledge.faq.rendering import (
    DEFAULT_RETENTION_DAYS,
    UNKNOWN_ANSWER,
    fallback_answer,
    format_contact,
    render_answer,
    template_context,
)
from knowledge.faq.search import DEFAULT_THRESHOLD
from knowledge.faq.text import Language

__all__ = [
    "DEFAULT_RETENTION_DAYS",
    "DEFAULT_THRESHOLD",
    "DOMAIN_WORDS_FILE",
    "EXAMPLES_DIR",
    "FAQ_DIR",
    "FUND_ID_PATTERN",
    "ID_PATTERN",
    "LANGUAGE_FILE",
    "PACKAGED_FAQ",
    "REQUIRED_IDS",
    "STAFF_FAQ_NAME",
    "UNKNOWN_ANSWER",
    "Example",
    "ExampleSet",
    "Faq",
    "FaqEntry",
    "FaqHit",
    "FundAnswer",
    "Language",
    "asks_or_requests",
    "check_entry_ids",
    "dump_faq",
    "fallback_answer",
    "faq_document",
    "format_contact",
    "load_examples",
    "load_faq",
    "load_faq_file",
    "load_language",
    "missing_topics",
    "parse_example_set",
    "parse_faq_text",
    "render_answer",
    "template_context",
    "validate_faq_data",
    "without",
]
