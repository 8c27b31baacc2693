"""The FAQ: validated entries, fund-specific answers, Swedish-aware search and staff edits.

``model`` is the schema, ``files`` reads and writes the YAML, ``text`` and ``search``
match questions, ``rendering`` fills answer placeholders, ``catalog`` holds :class:`Faq`.
The packaged entries are ``faq.yaml`` beside these modules; the search's word lists are
``language.yaml`` and ``domain_words.yaml``.
"""

from knowledge.faq.catalog import Faq, load_faq
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
    "FAQ_DIR",
    "FUND_ID_PATTERN",
    "ID_PATTERN",
    "LANGUAGE_FILE",
    "PACKAGED_FAQ",
    "REQUIRED_IDS",
    "STAFF_FAQ_NAME",
    "UNKNOWN_ANSWER",
    "Faq",
    "FaqEntry",
    "FaqHit",
    "FundAnswer",
    "Language",
    "dump_faq",
    "fallback_answer",
    "faq_document",
    "format_contact",
    "load_faq",
    "load_faq_file",
    "load_language",
    "missing_topics",
    "parse_faq_text",
    "render_answer",
    "template_context",
    "validate_faq_data",
]
