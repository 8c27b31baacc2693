"""The sections the fund templates share (``build_templates`` puts them in each fund's order).

Every answer field is wrapped in its ``show`` flag (see ``templates.context``), so a
template may hold every field the flow could ask and the document shows exactly
those the fund's dialog asks.
"""

from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH

from tools.docx_builder import SHY, WARNING, Builder, show

REPAYMENT = ("repayment_plan", "repayment_years", "repayment_responsible")
NOTE_SIZE = 9


def title_page(b: Builder, intro: str) -> None:
    """Page 1: registrar box, title, key facts, verdict and the summary of what fails."""
    b.registrar_box()
    b.para("{{ doc.heading }}", bold=True, size=22)
    b.para("{{ fund.fund_name }}", size=13)
    b.para("{{ doc.title }}", bold=True, size=18)
    b.para(intro, italic=True)
    b.kv_table(
        [
            ("Sökande organisation", "applicant.name", "applicant"),
            ("Enhet/förvaltning", "applicant.unit", "applicant"),
            ("Kontaktperson", "contact.name", "contact"),
            ("Tidsperiod", "a.period", "start_date"),
            ("Total kostnad", "budget.total", "budget"),
            ("Sökt belopp", "a.requested_amount", "requested_amount"),
            ("Medfinansieringens andel", "cofinancing.share", "cofinancing"),
            ("Idébotens bedömning", "findings.verdict"),
            ("Datum", "fund.date"),
        ]
    )
    b.para("Sammanfattning av prövningen", bold=True, keep=True)
    with b.when("summary.has_fails"):
        b.para("Kriterier som inte är uppfyllda:", keep=True)
        b.bullets("summary.fails")
    b.bullets("summary.points")
    with b.when("not summary.has_fails and not summary.has_points"):
        b.para("Alla kriterier som prövats är uppfyllda och alla frågor är besvarade.")
    b.para(
        "Underlaget är framtaget med {{ doc.generator }} utifrån sökandens svar. Idébotens "
        "prövning är ett stöd; {{ fund.name }} gör den slutliga bedömningen.",
        italic=True,
        size=NOTE_SIZE,
    )
    b.page_break()


def organisations(b: Builder, source: str = "organisations") -> None:
    """Every party: role, name, unit, organisation type, task."""
    with b.when(show("applicant", "partners")):
        b.loop_table(
            source,
            ["Roll", "Organisation", "Enhet/förvaltning", f"Organisations{SHY}typ", "Uppgift"],
            ["role", "name", "unit", "org_type", "task"],
            widths=[3.0, 3.8, 3.0, 3.2, 3.6],
            label="Sökande och samverkansparter",
        )


def external_partners(b: Builder) -> None:
    """Blekinge item 5: the parties outside the landsting."""
    with b.when(show("partners")):
        b.loop_table(
            "organisations.external",
            ["Extern part", "Organisationstyp", "Roll i investeringen"],
            ["name", "org_type", "task"],
            label="Externa parter",
            widths=[5.5, 4.5, 6.6],
        )


def period(b: Builder) -> None:
    b.kv_table(
        [
            ("Startdatum", "a.start_date", "start_date"),
            ("Slutdatum", "a.end_date", "end_date"),
            ("Tidsperiod", "a.period", "start_date"),
        ]
    )


def _financing_totals(b: Builder) -> None:
    b.kv_table(
        [
            ("Kostnad per år", "financing.note", "budget"),
            ("Sökt belopp ur medlen", "financing.requested", "requested_amount"),
            ("Medfinansiering", "financing.cofinancing", "cofinancing"),
        ]
    )


def financing_plan(b: Builder) -> None:
    """Per budget year: cost, requested, co-financing, their sum; totals; the balance line."""
    with b.when(show("budget", "requested_amount", "cofinancing")):
        b.loop_table(
            "financing",
            ["År", "Kostnad", "Sökt ur medlen", "Medfinansiering", "Summa finansiering"],
            ["year", "cost", "requested", "cofinancing", "funded"],
            widths=[2.2, 3.6, 3.6, 3.6, 3.6],
            total=[
                "Summa",
                "{{ financing.total_cost }}",
                "{{ financing.requested }}",
                "{{ financing.cofinancing }}",
                "{{ financing.funded }}",
            ],
            empty=lambda: _financing_totals(b),
        )
        with b.when("financing.spread_note"):
            b.para("{{ financing.spread_note }}", italic=True, size=NOTE_SIZE)
        with b.when("not financing.balance.ok"):
            b.para("{{ financing.balance.text }}", bold=True, colour=WARNING)
        with b.when("financing.balance.ok and financing.balance.text"):
            b.para("{{ financing.balance.text }}")


def cofinancing(b: Builder) -> None:
    """Each party's co-financing by form, with the total and its share; the principles."""
    with b.when(show("cofinancing")):
        b.loop_table(
            "cofinancing",
            ["Medfinansiär", "Form", "Belopp", "Andel av kostnaden"],
            ["party", "form", "amount", "share"],
            label="Medfinansiärer",
            widths=[6.2, 3.0, 3.8, 3.6],
            total=[
                "Summa medfinansiering",
                "",
                "{{ cofinancing.total }}",
                "{{ cofinancing.share }}",
            ],
        )
    b.field(
        "Principer för fördelning av medfinansiering mellan parterna",
        "a.cofinancing_principles",
        "cofinancing_principles",
    )


def cost_reductions(b: Builder) -> None:
    with b.when(show("cost_reductions")):
        b.loop_table(
            "cost_reductions",
            ["Organisation", "Kostnadsminskning per år", "Från och med år"],
            ["organisation", "amount_per_year", "from_year"],
            label="Kostnadsminskningar",
            widths=[7, 5, 4.6],
            total=["Summa per år", "{{ cost_reductions.total_per_year }}", ""],
        )


def savings_horizon(b: Builder) -> None:
    b.kv_table(
        [
            (
                "År från start till ekonomiska vinster",
                "a.savings_horizon_years",
                "savings_horizon_years",
            )
        ]
    )


def overview(b: Builder, word: str) -> None:
    """Per-year table (cost, reductions, new reductions, repayment) and the chart."""
    marked = "show.repayment_years and not repayment.exempt"
    headers = ["År", "Kostnad", f"Kostnads{SHY}minskning", "Kostnadsminskningar som börjar"]
    cells = ["year", "cost", "reductions", "starts"]
    with b.when(show("budget", "cost_reductions")):
        with b.when(marked):
            b.loop_table(
                "overview",
                [*headers, f"{word.capitalize()}"],
                [*cells, "repayment"],
                label="Översikt per år",
                widths=[2.2, 2.9, 3.2, 5.5, 2.8],
            )
        with b.when("not (" + marked + ")"):
            b.loop_table(
                "overview", headers, cells, widths=[2.4, 3.2, 3.4, 7.6], label="Översikt per år"
            )
        with b.when("overview.summarised"):
            b.para(
                "År med samma belopp står på en rad; beloppen gäller per år.",
                italic=True,
                size=NOTE_SIZE,
            )
        with b.when("overview.cut_note"):
            b.para("{{ overview.cut_note }}", italic=True, size=NOTE_SIZE)
    with b.when("chart"):
        b.para("{{ chart }}", align=WD_ALIGN_PARAGRAPH.CENTER, keep=True)
        caption = (
            "Figur: kostnad per år (blå staplar) och förväntade kostnadsminskningar per år "
            "(gröna staplar)"
        )
        with b.when(marked):
            b.para(f"{caption}; {word}såren är markerade i gult.", italic=True, size=NOTE_SIZE)
        with b.when("not (" + marked + ")"):
            b.para(f"{caption}.", italic=True, size=NOTE_SIZE)


def repayment(b: Builder, word: str, exemption: str, plan_label: str | None = None) -> None:
    """The repayment (återbetalning / återföring) plan, or the exemption when it holds.

    Args:
        b: The builder.
        word: The fund's word, ``återbetalning`` or ``återföring``.
        exemption: What the exemption reads as (Sundsvall names its § 6.1).
        plan_label: The label of the plan's text (default ``<Word>splan``).
    """
    with b.when(show(*REPAYMENT)):
        with b.when("repayment.exempt"):
            b.para(exemption, bold=True, keep=True)
            b.para("{{ repayment.exempt_reason }}")
        with b.when("not repayment.exempt"):
            label = plan_label or f"{word.capitalize()}splan"
            b.field(label, "a.repayment_plan", "repayment_plan")
            b.kv_table(
                [
                    (
                        f"{word.capitalize()}stid efter projektets slut",
                        "a.repayment_years",
                        "repayment_years",
                    ),
                    (f"{word.capitalize()}sår", "repayment.period", "repayment_years"),
                    (f"Ansvariga för {word}en", "a.repayment_responsible", "repayment_responsible"),
                ]
            )


def target_group(b: Builder) -> None:
    b.kv_table(
        [
            ("Målgrupp", "a.target_groups", "target_groups"),
            ("Antal personer som nås", "a.target_group_size", "target_group_size"),
            ("Typ av insats", "a.intervention_type", "intervention_type"),
        ]
    )
    b.field("Målgruppen i ord", "a.target_group_description", "target_group_description")


def method(b: Builder) -> None:
    b.kv_table(
        [
            ("Metod", "a.method_kind", "method_kind"),
            ("Kunskapsgrund", "a.evidence_basis", "evidence_basis"),
            (
                "Studier med försöks- och kontrollgrupp",
                "a.controlled_studies",
                "controlled_studies",
            ),
        ]
    )
    b.field("Metod och arbetssätt", "a.method_description", "method_description")
    b.field(
        "Referenser till forskning eller evidensbaserad praktik",
        "a.evidence_references",
        "evidence_references",
    )


def follow_up(b: Builder) -> None:
    b.field("Hur effekterna ska mätas (indikatorer)", "a.measurement_method", "measurement_method")
    b.field("När mätningarna sker", "a.measurement_times", "measurement_times")
    b.field(
        "Kontrollgrupp eller annat jämförelsealternativ", "a.comparison_group", "comparison_group"
    )
    b.field("Uppföljning och utvärdering: hur och av vem", "a.follow_up_plan", "follow_up_plan")


def existing_activity(b: Builder) -> None:
    b.kv_table(
        [
            (
                "Finansierar befintlig verksamhet eller pågående projekt",
                "a.existing_activity",
                "existing_activity",
            ),
        ]
    )


def contact(b: Builder) -> None:
    b.h1("Kontakt")
    b.kv_table(
        [
            ("Kontaktperson", "contact.name", "contact"),
            ("E-post", "contact.email", "contact"),
            ("Telefon", "contact.phone", "contact"),
            ("Fondens samordnare", "fund.coordinator.name"),
            ("Samordnarens e-post", "fund.coordinator.email"),
            ("Samordnarens telefon", "fund.coordinator.phone"),
        ]
    )


def signatures(b: Builder, heading: str, intro: str, signer: str = "Namn och befattning") -> None:
    """The signature page: one row per party, with room to sign by hand."""
    b.page_break()
    b.h1(heading)
    b.para(intro)
    b.kv_table([("Verksamhetschefen tillstyrker", "a.manager_endorsement", "manager_endorsement")])
    b.loop_table(
        "signatures",
        ["Part", signer, "Ort och datum", "Underskrift", f"Namn{SHY}förtydligande"],
        ["who", "signer", "blank", "blank", "blank"],
        widths=[4.6, 3.4, 2.6, 3.2, 2.8],
        height=1.5,
    )


def committee_position(b: Builder) -> None:
    """Sundsvall (seed 003 §4): the facknämnd's position, filled in by the nämnd."""
    b.h2("Facknämndens ställningstagande")
    b.para(
        "Facknämnden tar ställning till om ansökan ska gå vidare innan den bereds. Nämnden "
        "avgör om ställningstagandet delegeras till en tjänsteman, ledamot eller ersättare "
        "(riktlinjerna, avsnitt 4).",
        italic=True,
        size=NOTE_SIZE,
        keep=True,
    )
    b.kv_table([("Facknämnd", "a.committee", "committee")])
    b.form_table(
        [
            ("Datum för ställningstagandet", ""),
            ("Ställningstagande", "☐ Ansökan går vidare till beredning\n☐ Ansökan går inte vidare"),
            (
                "Delegation",
                "☐ Nämnden har tagit ställning\n☐ På delegation till: "
                "………………………… (tjänsteman, ledamot eller ersättare)",
            ),
            ("Paragraf eller diarienummer", ""),
            ("Underskrift", ""),
            ("Namnförtydligande", ""),
        ]
    )


def findings(b: Builder) -> None:
    b.page_break()  # the verdict and its table start together on a fresh page
    b.h1("Kriterieprövning")
    b.para(
        "Idébotens prövning av idén mot fondens kriterier: först det som inte är uppfyllt, "
        "sedan det som är oklart, råd och sist det som är uppfyllt.",
        italic=True,
    )
    b.kv_table([("Samlad bedömning", "findings.verdict")])
    b.loop_table(
        "findings",
        ["Status", "Gäller", "Bedömning", "Källa"],
        ["status", "criterion", "message", "source"],
        label="Kriterier",
        widths=[1.7, 4.0, 7.1, 3.8],
    )
