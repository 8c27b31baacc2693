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

from bot.settings import Settings
from templates import TemplateError

DOCX_SUFFIX = ".docx"


def run(args: argparse.Namespace, *, settings: Settings) -> int:
    """Loads the answers, evaluates them against the fund and writes the document.

    Returns:
        0 when the document was written (whatever the verdict).
    """
    from dialogs.flow import load_flow
    from knowledge.answers import load_answers
    from knowledge.base import load_knowledge
    from knowledge.criteria import evaluate
    from templates.render import write_application

    output = Path(args.output)
    if output.suffix.lower() != DOCX_SUFFIX:
        raise TemplateError(f"{output}: utfilen ska sluta på {DOCX_SUFFIX}")
    if output.is_dir():
        raise TemplateError(f"{output}: är en mapp, ange ett filnamn som slutar på {DOCX_SUFFIX}")
    source = Path(args.answers)
    answers = load_answers(source)
    knowledge = load_knowledge(data_dir=settings.data_dir)
    fund = knowledge.resolve_fund(
        args.fund, answers.fund, settings.fund, answers_source=source.name
    )
    evaluation = evaluate(answers, fund)
    # The document shows what the fund's dialog asks for these answers (a step whose
    # `when` does not hold, e.g. controlled_studies without evidens, is not asked).
    asked = {step.top for step in load_flow().active(fund.id, answers.to_json())}
    written = write_application(answers, fund, evaluation, output, asked=asked)
    print(written)
    return 0
