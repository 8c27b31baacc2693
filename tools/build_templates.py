"""Builds the Word application templates (``templates/ansokan*.docx``) with python-docx.

Run ``.venv/bin/python -m tools.build_templates`` to rebuild every template
from this script. The committed ``.docx`` files are what staff edit in Word and
what the renderer reads; after editing one by hand, do not rebuild it (the edit
would be overwritten) but run ``idebot kb validate`` (tests do).

The templates hold docxtpl/Jinja tags (``{{ a.title }}``, ``{%tr for r in
budget.rows %}``, ``{%p if show.comparison_group %}``); every variable they may use
is built by :func:`templates.context.build_context`. Each fund's template follows
the fund's own document and words; every answer field sits in it once, behind its
``show`` flag.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from pathlib import Path

from tools import template_parts as part
from tools.docx_builder import Builder, show

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"
SIGN_INTRO = "Undertecknade företräder parterna och står bakom ansökan{{ doc.named }}."
EXEMPT = "Undantas från återbetalning"


def _see(b: Builder, text: str, *, keep: bool = False) -> None:
    """A pointer to where the answer stands (``keep``: stays with what follows)."""
    b.para(text, italic=True, keep=keep)


def gavleborg(b: Builder) -> None:
    """Region Gävleborg: the criteria and the assessment points of seed 001, each answer once."""
    part.title_page(b, "Ansökan ordnad efter Region Gävleborgs kriterier och bedömningspunkter.")
    b.h1("Investeringen")
    b.field("Problem och behov (behovsanalys)", "a.problem", "problem")
    b.field("Beskrivning av insatsens innehåll", "a.description", "description")
    b.h2("Sökande och samverkansparter")
    part.organisations(b)
    b.kv_table([("Facknämnd som tar ställning", "a.committee", "committee")])
    b.h1("Kriterier")
    b.para("De sociala investeringarna ska:", italic=True)
    b.h2("Bidra till god hälsa för alla")
    b.kv_table([("Målgrupp", "a.target_groups", "target_groups")])
    b.field("Målgruppen i ord", "a.target_group_description", "target_group_description")
    b.field("Förväntade effekter för målgruppen", "a.expected_effects", "expected_effects")
    b.field("När effekterna förväntas inträffa", "a.effects_timing", "effects_timing")
    b.h2("Leda till samhällsekonomiska vinster på sikt")
    b.field(
        "Hur investeringen minskar parternas kostnader",
        "a.cost_reduction_description",
        "cost_reduction_description",
    )
    part.cost_reductions(b)
    b.field(
        "Hur kostnadsminskningen har beräknats",
        "a.cost_reduction_calculation",
        "cost_reduction_calculation",
    )
    part.savings_horizon(b)
    part.overview(b, "återbetalning")
    b.h2("Antingen vara förebyggande insats eller tidig insats")
    b.kv_table([("Typ av insats", "a.intervention_type", "intervention_type")])
    b.h2("Testa befintliga, utveckla befintliga eller skapa nya metoder")
    b.kv_table([("Metod", "a.method_kind", "method_kind")])
    b.field("Metod och arbetssätt", "a.method_description", "method_description")
    b.h2("Baseras på evidens eller beprövad erfarenhet")
    b.kv_table(
        [
            ("Kunskapsgrund", "a.evidence_basis", "evidence_basis"),
            (
                "Studier med försöks- och kontrollgrupp",
                "a.controlled_studies",
                "controlled_studies",
            ),
        ]
    )
    b.field(
        "Referenser till forskning eller evidensbaserad praktik",
        "a.evidence_references",
        "evidence_references",
    )
    b.h2("Avses implementeras i ordinarie verksamhet efter testperiod")
    b.field("Implementering i ordinarie verksamhet", "a.implementation_plan", "implementation_plan")
    b.h2("Planeras och genomförs i samverkan mellan organisationer eller verksamheter")
    b.kv_table([("Antal organisationer", "organisations.count", "applicant")])
    _see(b, "Parterna och deras uppgifter står under Sökande och samverkansparter.")
    b.h2("Vara avgränsade avseende storlek på insats, målgrupp och tid (upp till tre år)")
    b.kv_table(
        [
            ("Antal personer som nås", "a.target_group_size", "target_group_size"),
            ("Tidsperiod", "a.period", "start_date"),
            (
                "Finansierar befintlig verksamhet eller pågående projekt",
                "a.existing_activity",
                "existing_activity",
            ),
        ]
    )
    b.field(
        "Hur målgruppen ska identifieras",
        "a.target_group_identification",
        "target_group_identification",
    )
    b.field("Andra insatser för samma målgrupp", "a.other_interventions", "other_interventions")
    b.h2("Medfinansieras från sökande (minst 50 % av kostnaden)")
    part.financing_plan(b)
    part.cofinancing(b)
    with b.when(show(*part.REPAYMENT)):
        b.h2("Återbetalning")
        part.repayment(b, "återbetalning", EXEMPT)
    b.h2("Vara möjliga att följa upp och utvärdera")
    part.follow_up(b)
    b.h1("Bedömning av ansökan")
    _see(
        b,
        "Region Gävleborg bedömer ansökan på punkterna nedan. Underlaget står i avsnitten som "
        "anges; samordnaren fyller i den sista kolumnen.",
        keep=True,
    )
    b.static_table(
        ["Bedömningspunkt", "Underlag i ansökan", "Samordnarens bedömning"],
        GAVLEBORG_ASSESSMENT,
        widths=[4.6, 6.4, 5.6],
        height=1.3,
    )
    part.contact(b)
    part.signatures(b, "Underskrifter", SIGN_INTRO)
    part.findings(b)


# Seed 001, "Bedömning av ansökningar": each point, where the application answers it,
# or that the coordinator assesses it (no answer field speaks to it).
GAVLEBORG_ASSESSMENT = [
    (
        "Bedömning av investeringen: förväntade resultat",
        "Förväntade effekter och när de inträffar: Bidra till god hälsa för alla.",
        "",
    ),
    (
        "Bedömning av investeringen: metod och aktiviteter, trovärdig koppling till resultat",
        "Metod, arbetssätt, kunskapsgrund och referenser: Testa … nya metoder och "
        "Baseras på evidens eller beprövad erfarenhet.",
        "",
    ),
    (
        "Bedömning av investeringen: hur uppföljning och utvärdering ska gå till",
        "Indikatorer, mättillfällen, jämförelsealternativ och utvärdering: Vara möjliga att "
        "följa upp och utvärdera.",
        "",
    ),
    (
        "Genomförandekapacitet",
        "Bedöms av samordnaren utifrån parterna och deras uppgifter, tidsperioden och "
        "finansieringen.",
        "",
    ),
    (
        "Möjlighet att implementeras",
        "Implementeringsplanen: Avses implementeras i ordinarie verksamhet efter testperiod.",
        "",
    ),
    (
        "Samverkan mellan organisationer eller verksamheter",
        "{{ organisations.count }} organisationer: Sökande och samverkansparter.",
        "",
    ),
    ("Regionalt betydelsefulla investeringar", "Bedöms av samordnaren.", ""),
    ("Politiskt prioriterade områden", "Bedöms av samordnaren.", ""),
]


def sundsvall(b: Builder) -> None:
    """Sundsvalls kommun: the idéprövning and the application content of seed 003 §3.2."""
    part.title_page(
        b, "Idéprövning och ansökan enligt Sundsvalls kommuns riktlinjer (avsnitt 3.2)."
    )
    b.h1("Idéprövning")
    b.h2("Vilket problem satsningen ska lösa")
    b.field("Problem och behov", "a.problem", "problem")
    b.field("Beskrivning av insatsen", "a.description", "description")
    b.h2("Vilken metod eller vilket arbetssätt som ska användas")
    part.method(b)
    b.h2("Vilka positiva effekter satsningen kommer att resultera i")
    b.field("Förväntade effekter (mänskliga vinster)", "a.expected_effects", "expected_effects")
    b.field("När effekterna förväntas inträffa", "a.effects_timing", "effects_timing")
    b.h1("Sökande, samverkan och målgrupp")
    part.organisations(b)
    part.existing_activity(b)
    b.h2("Målgrupp")
    part.target_group(b)
    b.field(
        "Hur målgruppen ska identifieras",
        "a.target_group_identification",
        "target_group_identification",
    )
    b.field("Andra insatser för samma målgrupp", "a.other_interventions", "other_interventions")
    b.h1("Ansökans innehåll")
    b.h2("Kalkyler på mänskliga och ekonomiska vinster")
    _see(
        b,
        "De mänskliga vinsterna står under Vilka positiva effekter satsningen kommer att "
        "resultera i. Ekonomiska vinster – var kostnaderna minskar:",
        keep=True,
    )
    b.field(
        "Hur investeringen minskar parternas kostnader",
        "a.cost_reduction_description",
        "cost_reduction_description",
    )
    part.cost_reductions(b)
    b.field(
        "Hur kostnadsminskningen har beräknats",
        "a.cost_reduction_calculation",
        "cost_reduction_calculation",
    )
    part.savings_horizon(b)
    part.overview(b, "återbetalning")
    b.h2("Fastställda indikatorer för hur vinsterna ska mätas")
    b.field("Indikatorer och mätmetod", "a.measurement_method", "measurement_method")
    b.field("När mätningarna sker", "a.measurement_times", "measurement_times")
    with b.when(show("comparison_group")):
        b.h2("Kontrollgrupp eller annat jämförelsealternativ")
        b.field("Kontrollgrupp eller jämförelsealternativ", "a.comparison_group")
    with b.when(show(*part.REPAYMENT)):
        b.h2("Återbetalningsplan")
        part.repayment(
            b, "återbetalning", f"{EXEMPT} (§ 6.1)", plan_label="Så betalas medlen tillbaka"
        )
    b.h1("Tidsperiod och budget")
    part.period(b)
    part.financing_plan(b)
    b.h2("Medfinansiering")
    part.cofinancing(b)
    b.h1("Implementering och uppskalning")
    b.field(
        "Implementering i ordinarie verksamhet efter testperioden",
        "a.implementation_plan",
        "implementation_plan",
    )
    b.h1("Uppföljning och utvärdering")
    b.field("Uppföljning och utvärdering: hur och av vem", "a.follow_up_plan", "follow_up_plan")
    part.contact(b)
    part.signatures(b, "Underskrifter", SIGN_INTRO)
    part.committee_position(b)
    part.findings(b)


def _blekinge_items() -> list[tuple[str, Callable[[Builder], None]]]:
    """Seed 004, "Ansökan ska innehålla följande": the 19 items and what answers each."""
    return [
        ("Namn på investeringen", lambda b: b.field("Namn", "a.title", "title")),
        (
            "Beskrivning av investeringens innehåll",
            lambda b: (
                b.field("Beskrivning", "a.description", "description"),
                b.field("Problem och behov", "a.problem", "problem"),
                part.existing_activity(b),
            ),
        ),
        (
            "Beskrivning av metod för investeringen och referenser till forskning eller "
            "evidensbaserad praktik",
            part.method,
        ),
        (
            "Den eller de verksamheter i landstinget som är ansvariga och delaktiga i "
            "investeringen",
            lambda b: part.organisations(b, "organisations.within"),
        ),
        ("Externa parter som är delaktiga i investeringen", part.external_partners),
        ("Målgrupp för investeringen", part.target_group),
        (
            "Beskrivning av hur målgruppen ska identifieras",
            lambda b: b.field(
                "Identifiering", "a.target_group_identification", "target_group_identification"
            ),
        ),
        (
            "Kartläggning av om det sker andra insatser för samma målgrupp",
            lambda b: b.field("Andra insatser", "a.other_interventions", "other_interventions"),
        ),
        ("Tidsperiod för investeringen", part.period),
        ("Kostnad för investeringen fördelat per år under tidsperioden", part.financing_plan),
        (
            "Redogörelse för vilka olika effekter investeringen förväntas ge för de personer "
            "som ingår i målgruppen",
            lambda b: b.field("Förväntade effekter", "a.expected_effects", "expected_effects"),
        ),
        (
            "När de olika effekterna förväntas inträffa",
            lambda b: b.field("När", "a.effects_timing", "effects_timing"),
        ),
        (
            "Beskrivning av hur effekterna ska mätas",
            lambda b: (
                b.field("Mätning och indikatorer", "a.measurement_method", "measurement_method"),
                b.field(
                    "Kontrollgrupp eller annat jämförelsealternativ",
                    "a.comparison_group",
                    "comparison_group",
                ),
            ),
        ),
        (
            "Vid vilka tidpunkter mätningen ska ske",
            lambda b: b.field("Tidpunkter", "a.measurement_times", "measurement_times"),
        ),
        (
            "Beskrivning av på vilket sätt investeringen kommer att bidra till att parternas "
            "totala kostnader under en viss period minskar",
            lambda b: b.field(
                "Beskrivning", "a.cost_reduction_description", "cost_reduction_description"
            ),
        ),
        (
            "Redogörelse för i vilka verksamheter kostnadsminskningar förväntas ske på grund "
            "av investeringen",
            part.cost_reductions,
        ),
        (
            "Beräkning av hur mycket parternas totala kostnader förväntas minska",
            lambda b: (
                b.field("Beräkning", "a.cost_reduction_calculation", "cost_reduction_calculation"),
                part.savings_horizon(b),
                part.overview(b, "återföring"),
            ),
        ),
        (
            "En tidsbestämd återföringsplan och tydligt ange vilken/vilka verksamhet/-er som "
            "ansvarar för återföringen",
            lambda b: part.repayment(b, "återföring", "Undantas från återföring"),
        ),
        ("Redovisning av eventuell medfinansiering", part.cofinancing),
    ]


def blekinge(b: Builder) -> None:
    """Landstinget Blekinge: the 19 items of seed 004, in that order, and the endorsement."""
    part.title_page(b, "Ansökan med de 19 punkter som Landstinget Blekinges riktlinjer kräver.")
    b.h1("Ansökans innehåll")
    for number, (heading, body) in enumerate(_blekinge_items(), start=1):
        b.h2(f"{number}. {heading}")
        body(b)
    b.h1("Implementering och uppföljning")
    b.field("Implementering i ordinarie verksamhet", "a.implementation_plan", "implementation_plan")
    b.field("Uppföljning och utvärdering: hur och av vem", "a.follow_up_plan", "follow_up_plan")
    b.kv_table([("Facknämnd som tar ställning", "a.committee", "committee")])
    part.contact(b)
    part.signatures(
        b,
        "Tillstyrkan",
        "Verksamhetschef eller motsvarande inom Landstinget Blekinge och hos varje "
        "samverkande part tillstyrker satsningen{{ doc.named }}.",
        signer="Verksamhetschef eller motsvarande",
    )
    part.findings(b)


def generic(b: Builder) -> None:
    """Any other fund: every answer in a neutral order."""
    part.title_page(b, "Ansökan om sociala investeringsmedel.")
    b.h1("Investeringen")
    b.field("Problem och behov", "a.problem", "problem")
    b.field("Beskrivning av insatsens innehåll", "a.description", "description")
    part.existing_activity(b)
    b.h1("Sökande och samverkansparter")
    part.organisations(b)
    b.kv_table([("Facknämnd som tar ställning", "a.committee", "committee")])
    b.h1("Målgrupp")
    part.target_group(b)
    b.field(
        "Hur målgruppen ska identifieras",
        "a.target_group_identification",
        "target_group_identification",
    )
    b.field("Andra insatser för samma målgrupp", "a.other_interventions", "other_interventions")
    b.h1("Metod")
    part.method(b)
    b.h1("Tidsperiod och finansiering")
    part.period(b)
    part.financing_plan(b)
    b.h2("Medfinansiering")
    part.cofinancing(b)
    b.h1("Effekter och kostnadsminskningar")
    b.field("Förväntade effekter", "a.expected_effects", "expected_effects")
    b.field("När effekterna förväntas inträffa", "a.effects_timing", "effects_timing")
    b.field(
        "Hur investeringen minskar parternas kostnader",
        "a.cost_reduction_description",
        "cost_reduction_description",
    )
    part.cost_reductions(b)
    b.field(
        "Hur kostnadsminskningen har beräknats",
        "a.cost_reduction_calculation",
        "cost_reduction_calculation",
    )
    part.savings_horizon(b)
    part.overview(b, "återbetalning")
    with b.when(show(*part.REPAYMENT)):
        b.h1("Återbetalning")
        part.repayment(b, "återbetalning", EXEMPT)
    b.h1("Implementering")
    b.field("Implementering i ordinarie verksamhet", "a.implementation_plan", "implementation_plan")
    b.h1("Uppföljning och utvärdering")
    part.follow_up(b)
    part.contact(b)
    part.signatures(b, "Underskrifter", SIGN_INTRO)
    part.findings(b)


TEMPLATES: dict[str, Callable[[Builder], None]] = {
    "ansokan_gavleborg.docx": gavleborg,
    "ansokan_sundsvall.docx": sundsvall,
    "ansokan_blekinge.docx": blekinge,
    "ansokan.docx": generic,
}


def build(directory: Path = TEMPLATES_DIR, names: Sequence[str] | None = None) -> list[Path]:
    """Writes the templates; returns their paths."""
    written = []
    for name, fill in TEMPLATES.items():
        if names and name not in names:
            continue
        builder = Builder()
        fill(builder)
        path = directory / name
        builder.save(path)
        written.append(path)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the Word application templates.")
    parser.add_argument("names", nargs="*", help="template file names (default: all)")
    parser.add_argument("--out", type=Path, default=TEMPLATES_DIR)
    args = parser.parse_args(argv)
    for path in build(args.out, args.names):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
