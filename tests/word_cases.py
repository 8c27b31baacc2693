"""The Word tests' cases and readers: each fund's application, the hard cases, the text.

``persona(name, fund)`` gives the decoded answers; ``asked(fund, data)`` the fields
the fund's dialog asks for them (what the application shows). The cases: ``ready``
(a complete application in the fund's terms), ``empty``, ``hostile`` (markup and
template syntax in every text), ``partners20`` (20 partners, each co-financing and
saving), ``repay30`` (a 30-year repayment), ``exempt`` (Sundsvall's § 6.1) and
``gap`` (the requested amount and co-financing leave 300 000 kr unexplained).
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import io
from typing import Any

from docx import Document

from dialogs.flow import load_flow
from knowledge.answers import parse_answers
from knowledge.criteria import evaluate
from knowledge.criteria.profiles import load_funds
from templates import render_application
from templates.context import TEXT_FIELDS
from templates.text import NBSP
from tests.conftest import example_answers

FUNDS = ("gavleborg", "sundsvall", "blekinge")
CASES = ("ready", "empty", "hostile", "partners20", "repay30", "gap")
HOSTILE = (
    'A & B <b>fet</b> "citat" {{ 7 * 7 }} {% if true %}JA{% endif %} {_{ x }_} ]]> '
    "<!-- x --> &amp; 😀🇸🇪 åäö"
)


def _sundsvall(data: dict) -> dict:
    data.update(example_answers("sundsvall-no-comparison"))
    data["comparison_group"] = "Barn i två jämförbara områden i Timrå kommun."
    data["committee"] = "Socialnämnden"
    return data


def _blekinge(data: dict) -> dict:
    data.update(
        {
            "fund": "blekinge",
            "applicant": {
                "name": "Barn- och ungdomspsykiatrin",
                "unit": "Psykiatri och habilitering",
                "org_type": "region",
            },
            "partners": [
                {"name": "Barnhälsovården", "org_type": "region", "role": "BVC-sköterskor"},
                {"name": "Karlskrona kommun", "org_type": "kommun", "role": "Förskolorna"},
            ],
            "cofinancing": [
                {"party": "Barn- och ungdomspsykiatrin", "amount": 300000, "form": "arbetstid"},
                {"party": "Karlskrona kommun", "amount": 300000, "form": "kontant"},
            ],
            "cost_reductions": [
                {
                    "organisation": "Barn- och ungdomspsykiatrin",
                    "amount_per_year": 350000,
                    "from_year": 2030,
                },
                {"organisation": "Karlskrona kommun", "amount_per_year": 150000, "from_year": 2031},
            ],
            "cost_reduction_description": "Tidigt stöd gör att färre barn behöver BUP:s "
            "specialistvård och kommunens placeringar under åren efter insatsen.",
            "repayment_plan": "BUP återför 120 000 kr per år 2030–2034 genom minskad ram.",
            "repayment_responsible": "Barn- och ungdomspsykiatrin",
            "signatories": [
                {
                    "party": "Barn- och ungdomspsykiatrin",
                    "name": "Eva Berg",
                    "title": "Verksamhetschef",
                },
                {"party": "Karlskrona kommun", "name": "Per Holm", "title": "Förvaltningschef"},
            ],
        }
    )
    return data


def ready(fund: str) -> dict:
    """A complete application in the fund's own terms."""
    data = example_answers("gavleborg-ready")
    if fund == "sundsvall":
        return _sundsvall(data)
    if fund == "blekinge":
        return _blekinge(data)
    return data


def persona(name: str, fund: str) -> dict[str, Any]:
    """The decoded answers of case ``name`` for ``fund``."""
    if name == "empty":
        return {"fund": fund}
    data = copy.deepcopy(ready(fund))
    if name == "hostile":
        for key in TEXT_FIELDS:
            data[key] = f"{HOSTILE} {key}"
        data["applicant"]["name"] = "Kommun & <Co>"
        data["partners"][0]["name"] = "Partner {{ x }}"
    elif name == "partners20":
        data["partners"] = [
            {
                "name": f"Part {n:02d}",
                "org_type": "ideell" if n % 2 else "region",
                "role": f"Leder grupp {n}",
            }
            for n in range(1, 21)
        ]
        data["cofinancing"] = [
            {"party": f"Part {n:02d}", "amount": 30000, "form": "arbetstid"} for n in range(1, 21)
        ]
        data["cost_reductions"] = [
            {
                "organisation": f"Part {n:02d}",
                "amount_per_year": 20000 + 1000 * n,
                "from_year": 2030 + n % 4,
            }
            for n in range(1, 21)
        ]
        if fund == "blekinge":
            data["signatories"] = [
                {"party": f"Part {n:02d}", "name": f"Chef {n}", "title": "Verksamhetschef"}
                for n in range(1, 21)
            ]
    elif name == "repay30":
        data["repayment_years"] = 30
        data["repayment_plan"] = "Återbetalning i jämn takt under 30 år."
    elif name == "exempt":
        data.update(
            {"savings_horizon_years": 12, "evidence_basis": "evidens", "controlled_studies": True}
        )
        for key in ("repayment_plan", "repayment_years", "repayment_responsible"):
            data.pop(key, None)
    elif name == "gap":
        data["budget"] = [{"year": 2027, "cost": 600000}, {"year": 2028, "cost": 600000}]
        data["requested_amount"] = 600000
        data["cofinancing"] = [
            {"party": data["applicant"]["name"], "amount": 300000, "form": "arbetstid"}
        ]
    elif name != "ready":
        raise KeyError(name)
    return data


def asked(fund: str, data: dict) -> set[str]:
    """The top-level fields the fund's dialog asks for these answers."""
    return {step.top for step in load_flow().active(fund, data)}


# --- rendering and reading documents -------------------------------------------------

TODAY = dt.date(2027, 1, 5)
W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@functools.cache
def funds() -> dict:
    return load_funds()


def render_bytes(data: dict, fund_id: str | None = None, *, flow: bool = True) -> bytes:
    """The rendered application's .docx; with ``flow`` it shows what the fund's dialog asks."""
    fund_id = fund_id or data["fund"]
    answers = parse_answers(data)
    fund = funds()[fund_id]
    evaluation = evaluate(answers, fund, today=TODAY)
    fields = asked(fund_id, data) if flow else None
    return render_application(answers, fund, evaluation, asked=fields, today=TODAY)


def render(data: dict, fund_id: str | None = None, *, flow: bool = True) -> Document:
    """The rendered application, opened with python-docx."""
    return Document(io.BytesIO(render_bytes(data, fund_id, flow=flow)))


def evaluation_of(data: dict, fund_id: str | None = None):
    return evaluate(parse_answers(data), funds()[fund_id or data["fund"]], today=TODAY)


def paragraphs(doc: Document) -> list[str]:
    """Every paragraph's text, body and table cells, in document order."""
    return [
        "".join(t.text or "" for t in p.iter(f"{W_NS}t")) for p in doc.element.body.iter(f"{W_NS}p")
    ]


def text_of(doc: Document) -> str:
    return "\n".join(paragraphs(doc))


def plain(text: str) -> str:
    """No-break spaces read as spaces (for comparing with what was typed)."""
    return text.replace(NBSP, " ")


def table_rows(doc: Document) -> list[list[str]]:
    """Every table row's cell texts, no-break spaces as spaces."""
    return [[plain(c.text) for c in row.cells] for table in doc.tables for row in table.rows]


def headings(doc: Document, prefix: str = "Heading") -> list[str]:
    return [p.text for p in doc.paragraphs if p.style.name.startswith(prefix)]


def section_text(doc: Document, start: str, end: str | None = None) -> str:
    """The text from the heading ``start`` up to the next heading of the same level (or ``end``)."""
    body = doc.element.body
    level = None
    collected: list[str] = []
    for element in body.iterchildren():
        style = element.find(f"{W_NS}pPr/{W_NS}pStyle")
        name = style.get(f"{W_NS}val") if style is not None else ""
        text = "".join(t.text or "" for t in element.iter(f"{W_NS}t"))
        if level is None:
            if name.startswith("Heading") and text == start:
                level = name
            continue
        if (end is not None and text == end) or (end is None and name == level):
            break
        collected.append(text)
    assert level is not None, f"no heading {start!r}"
    return plain("\n".join(collected))
