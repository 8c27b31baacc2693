"""``idebot render ANSWERS.json -o OUT.docx [--fund F]``: fills the Word application.

The document holds the fields the fund's dialog asks (``dialogs/flow.yaml``).
The fund is chosen as everywhere: ``--fund`` wins over the answers' ``fund``, which
wins over ``IDEBOT_FUND``. Bad input (missing file, invalid JSON, a wrong type, an
unknown fund, an output folder that cannot be written) raises the package's error,
which the CLI prints as one Swedish line with exit code 2.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import templates
from bot.settings import Settings
from dialogs.flow import load_flow
from knowledge.answers import load_answers
from knowledge.base import resolve_fund
from knowledge.criteria import evaluate, load_funds
from storage.files import store_bytes
from templates import TemplateError

DOCX_SUFFIX = ".docx"


def run(args: argparse.Namespace, *, settings: Settings) -> int:
    """Loads the answers, evaluates them against the fund and writes the document.

    Returns:
        0 when the document was written (whatever the verdict).
    """
    output = Path(args.output)
    if output.suffix.lower() != DOCX_SUFFIX:
        raise TemplateError(f"{output}: utfilen ska sluta på {DOCX_SUFFIX}")
    if output.is_dir():
        raise TemplateError(f"{output}: är en mapp, ange ett filnamn som slutar på {DOCX_SUFFIX}")
    if output.parent.exists() and not output.parent.is_dir():
        raise TemplateError(f"{output}: {output.parent} är ingen mapp")
    source = Path(args.answers)
    answers = load_answers(source)
    fund = resolve_fund(
        load_funds(cache_dir=settings.cache_dir),
        args.fund,
        answers.fund,
        settings.fund,
        answers_source=source.name,
    )
    # The document shows what the fund's dialog asks for these answers (a step whose
    # `when` does not hold, e.g. controlled_studies without evidens, is not asked).
    asked = {step.top for step in load_flow().active(fund.id, answers.to_json())}
    # docxtpl (python-docx, lxml) loads here, when a document is rendered, not at start-up.
    data = templates.render_application(answers, fund, evaluate(answers, fund), asked=asked)
    output.parent.mkdir(parents=True, exist_ok=True)
    store_bytes(output, data)
    print(output)
    return 0
