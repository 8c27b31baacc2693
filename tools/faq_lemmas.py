"""Generates ``knowledge/faq/lemmas.txt`` from the Swedish Hunspell dictionary.

Snowball stems most Swedish inflection alike ("typ"/"typer"), but not irregular forms:
"medlen" stems to "medl", "medel" to "medel"; "ensamma" to "ensamm", "ensam" to
"ensam". The Hunspell dictionary (Den stora svenska ordlistan, Debian package
``hunspell-sv``, LGPL) lists every word with its inflection classes, so each form can be
traced to its lemma. This script expands the dictionary's suffix rules and writes, for
every lemma that occurs in the FAQ, the language data or the source documents, the forms
whose Snowball key differs from the lemma's – only the corrections, so the table stays
small and Snowball does the rest.

Usage::

    apt-get install hunspell-sv
    .venv/bin/python -m tools.faq_lemmas ../shared/seeds/*.txt > knowledge/faq/lemmas.txt

Nothing here runs when the bot runs: the bot reads the generated table.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

from knowledge.faq.files import FAQ_DIR, LANGUAGE_FILE, PACKAGED_FAQ
from knowledge.faq.text import fold, stem_word
from knowledge.yaml_io import read_yaml

DICTIONARY = Path("/usr/share/hunspell/sv_SE")
_WORD = re.compile(r"[^\W\d_]+")
# Flags of this .aff: NEEDAFFIX (¤) and ONLYINCOMPOUND (Z) roots are no words alone;
# a suffix continued with Z only builds the first part of a compound.
NOT_ALONE = {"¤", "Z"}


def read_affixes(path: Path) -> dict[str, list[tuple[str, str, re.Pattern[str], str]]]:
    """Suffix rules by flag: (strip, add, condition, continuation flags)."""
    rules: dict[str, list[tuple[str, str, re.Pattern[str], str]]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        fields = line.split()
        if len(fields) < 5 or fields[0] != "SFX":
            continue
        flag, strip, add, condition = fields[1], fields[2], fields[3], fields[4]
        add, _, continuation = add.partition("/")
        strip = "" if strip == "0" else strip
        add = "" if add == "0" else add
        rules.setdefault(flag, []).append(
            (strip, add, re.compile(f"(?:{condition})$"), continuation)
        )
    return rules


def expand(root: str, flags: str, rules: dict) -> set[str]:
    """Every standalone form of a dictionary entry."""
    forms = set() if NOT_ALONE & set(flags) else {root}
    for flag in flags:
        for strip, add, condition, continuation in rules.get(flag, ()):
            if "Z" in continuation or not condition.search(root):
                continue
            if strip and not root.endswith(strip):
                continue
            forms.add(root[: len(root) - len(strip)] + add)
    return forms


def domain_words(texts: Iterable[str]) -> set[str]:
    """The lower-case words of the domain texts."""
    return {w for text in texts for w in _WORD.findall(text.lower())}


def lemma_table(dictionary: Path, vocabulary: set[str]) -> dict[str, set[str]]:
    """Lemma → its forms whose Snowball key differs from the lemma's, for lemmas with a
    form in the vocabulary; a form claimed by two lemmas goes to the one the domain
    uses, else to none (Snowball decides)."""
    rules = read_affixes(dictionary.with_suffix(".aff"))
    claims: dict[str, set[str]] = {}
    lemmas: set[str] = set()
    for line in dictionary.with_suffix(".dic").read_text(encoding="utf-8").splitlines()[1:]:
        root, _, flags = line.partition("/")
        if not root.isalpha() or not root.islower():
            continue
        forms = expand(root, flags, rules)
        if forms & vocabulary:
            lemmas.add(root)
            for form in forms:
                claims.setdefault(form, set()).add(root)
    table: dict[str, set[str]] = {}
    for form, owners in claims.items():
        if not form.isalpha():
            continue  # "år-": a first part of compounds
        if form in owners:
            continue  # a lemma of its own: keep it
        if len(owners) > 1:
            owners = {o for o in owners if o in vocabulary}
            if len(owners) != 1:
                continue
        lemma = next(iter(owners))
        if stem_word(fold(form)) != stem_word(fold(lemma)):
            table.setdefault(lemma, set()).add(form)
    return table


def typed_only_stopwords() -> set[str]:
    """The stop words the language data lists only as typed without å/ä/ö."""
    data = read_yaml(LANGUAGE_FILE)
    return set(data.get("stopwords_typed", [])) - set(data.get("stopwords", []))


def main(argv: Sequence[str] | None = None) -> int:
    """Prints the lemma table for the FAQ, the language data and the given documents."""
    paths = [Path(p) for p in (argv if argv is not None else sys.argv[1:])]
    sources = [PACKAGED_FAQ, LANGUAGE_FILE, *paths]
    vocabulary = domain_words(p.read_text(encoding="utf-8") for p in sources)
    # The language data lists stop words as typed without å/ä/ö ("ar" for "är", "bor"
    # for "bör"): as lemmas they are other words ("ar", a unit; "bor", a metal) whose
    # forms ("aret", "bort") would be taken for them and dropped as stop words.
    vocabulary -= typed_only_stopwords()
    table = lemma_table(DICTIONARY, vocabulary)
    names = ", ".join(p.name for p in paths) or "-"
    print("# Swedish lemmas for the FAQ search (generated: python -m tools.faq_lemmas SEEDS).")
    print("# From the Hunspell dictionary sv_SE (Den stora svenska ordlistan, LGPL; Debian")
    print("# hunspell-sv), for lemmas used in faq.yaml, language.yaml and: " + names)
    print("# Each line: a lemma, then its forms that Snowball does not stem like the lemma.")
    for lemma in sorted(table):
        print(lemma, *sorted(table[lemma]))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(FAQ_DIR.parents[1]))
    raise SystemExit(main())
