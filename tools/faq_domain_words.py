"""Regenerates ``knowledge/faq/domain_words.yaml`` from the source documents.

Usage::

    .venv/bin/python -m tools.faq_domain_words ../shared/seeds/*.txt \\
        > knowledge/faq/domain_words.yaml
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from knowledge.faq import load_language
from knowledge.faq.text import domain_stems


def main(argv: Sequence[str] | None = None) -> int:
    """Prints the domain words of the given source documents as YAML."""
    paths = list(argv if argv is not None else sys.argv[1:])
    language = load_language(with_domain=False)
    stems = domain_stems((Path(p).read_text(encoding="utf-8") for p in paths), language)
    names = ", ".join(Path(p).name for p in paths)
    print("# Stems of the source documents (generated: python -m tools.faq_domain_words SEEDS).")
    print(f"# Sources: {names}")
    print("domain_words:")
    for stem in stems:
        print(f'  - "{stem}"')
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
