"""The answer model's options: every enum of ``answers.md`` and its Swedish labels."""

from __future__ import annotations

from enum import StrEnum


class TargetGroup(StrEnum):
    """Target group categories."""

    BARN_UNGA = "barn_unga"
    UNGA_VUXNA = "unga_vuxna"
    FORALDRAR = "foraldrar"
    RISK_UTANFORSKAP = "risk_utanforskap"
    VUXNA = "vuxna"
    ALDRE = "aldre"
    ALLA = "alla"


class InterventionType(StrEnum):
    """Preventive, early, treating or other."""

    FOREBYGGANDE = "forebyggande"
    TIDIG = "tidig"
    BEHANDLANDE = "behandlande"
    ANNAN = "annan"


class MethodKind(StrEnum):
    """Test, develop or create a method."""

    TESTA_BEFINTLIG = "testa_befintlig"
    UTVECKLA_BEFINTLIG = "utveckla_befintlig"
    NY_METOD = "ny_metod"


class EvidenceBasis(StrEnum):
    """What the method rests on."""

    EVIDENS = "evidens"
    BEPROVAD_ERFARENHET = "beprovad_erfarenhet"
    INGEN = "ingen"


class OrgType(StrEnum):
    """Kinds of organisation."""

    REGION = "region"
    KOMMUN = "kommun"
    AVTALSPART = "avtalspart"
    IDEELL = "ideell"
    STATLIG = "statlig"
    FORETAG = "foretag"
    ANNAN = "annan"


class CofinancingForm(StrEnum):
    """How a party co-finances."""

    KONTANT = "kontant"
    ARBETSTID = "arbetstid"
    ANNAT = "annat"


# Swedish labels of every option: the dialog, the Word document and the
# criteria messages all show these, never the raw values.
OPTION_LABELS: dict[type[StrEnum], dict[str, str]] = {
    TargetGroup: {
        "barn_unga": "Barn och unga",
        "unga_vuxna": "Unga vuxna",
        "foraldrar": "Föräldrar",
        "risk_utanforskap": "Personer som riskerar socialt utanförskap",
        "vuxna": "Vuxna",
        "aldre": "Äldre",
        "alla": "Alla invånare",
    },
    InterventionType: {
        "forebyggande": "Förebyggande insats",
        "tidig": "Tidig insats",
        "behandlande": "Behandlande insats",
        "annan": "Annan typ av insats",
    },
    MethodKind: {
        "testa_befintlig": "Testa en befintlig metod",
        "utveckla_befintlig": "Utveckla en befintlig metod",
        "ny_metod": "Skapa en ny metod",
    },
    EvidenceBasis: {
        "evidens": "Vetenskaplig evidens",
        "beprovad_erfarenhet": "Beprövad erfarenhet",
        "ingen": "Ingen – ny, oprövad metod",
    },
    OrgType: {
        "region": "Region/landsting",
        "kommun": "Kommun/kommunal förvaltning",
        "avtalspart": "Verksamhet med avtal med region eller kommun",
        "ideell": "Ideell förening, stiftelse eller kooperativ",
        "statlig": "Statlig myndighet",
        "foretag": "Vinstdrivande företag",
        "annan": "Annan typ av organisation",
    },
    CofinancingForm: {
        "kontant": "Kontant",
        "arbetstid": "Arbetstid",
        "annat": "Annat",
    },
}


def label(value: StrEnum | str, enum: type[StrEnum] | None = None) -> str:
    """The Swedish label of an option value (the value itself if unknown)."""
    enum = enum or type(value)
    return OPTION_LABELS.get(enum, {}).get(str(value), str(value))


# Swedish names of answer fields, for "required" messages that list what is missing.
FIELD_LABELS: dict[str, str] = {
    "title": "namn på investeringen",
    "problem": "problemet eller behovet",
    "description": "beskrivning av insatsens innehåll",
    "target_groups": "målgrupp",
    "target_group_description": "beskrivning av målgruppen",
    "target_group_size": "målgruppens storlek",
    "target_group_identification": "hur målgruppen ska identifieras",
    "other_interventions": "andra insatser för samma målgrupp",
    "intervention_type": "typ av insats",
    "method_kind": "om metoden testas, utvecklas eller skapas",
    "method_description": "metod och arbetssätt",
    "evidence_basis": "evidensgrund",
    "evidence_references": "referenser till forskning",
    "controlled_studies": "studier med kontrollgrupp",
    "applicant": "sökande organisation",
    "partners": "samverkansparter",
    "existing_activity": "om det är befintlig verksamhet",
    "start_date": "startdatum",
    "end_date": "slutdatum",
    "budget": "budget per år",
    "requested_amount": "sökt belopp",
    "cofinancing": "medfinansiering",
    "cofinancing_principles": "principer för fördelning av medfinansieringen",
    "expected_effects": "förväntade effekter",
    "effects_timing": "när effekterna väntas",
    "measurement_method": "hur effekterna ska mätas",
    "measurement_times": "när mätningarna sker",
    "comparison_group": "kontrollgrupp eller jämförelsealternativ",
    "cost_reductions": "var kostnadsminskningarna uppstår",
    "cost_reduction_calculation": "beräkning av kostnadsminskningen",
    "cost_reduction_description": "hur investeringen minskar parternas kostnader",
    "savings_horizon_years": "när de ekonomiska vinsterna börjar",
    "repayment_plan": "återföringsplan",
    "repayment_years": "återbetalningstid",
    "repayment_responsible": "ansvariga för återföringen",
    "implementation_plan": "plan för implementering",
    "follow_up_plan": "plan för uppföljning och utvärdering",
    "manager_endorsement": "verksamhetschefens tillstyrkan",
    "contact": "kontaktperson",
    "committee": "facknämnd som tar ställning till ansökan",
    "signatories": "undertecknare för parterna",
}
