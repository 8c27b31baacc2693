"""Choices named by number, label, synonym or inside a sentence; multichoice in prose."""

from __future__ import annotations

import pytest

from dialogs.flow import enum_options
from dialogs.understanding import (
    Ambiguous,
    ParseError,
    Unclear,
    understand_choice,
    understand_multichoice,
)

ORG = enum_options("OrgType")
GROUPS = enum_options("TargetGroup")

# (typed, enum, value)
CHOICES = [
    ("kommun", "OrgType", "kommun"),
    ("2", "OrgType", "kommun"),
    ("Kommun/kommunal förvaltning", "OrgType", "kommun"),
    ("KOMMUN/KOMMUNAL", "OrgType", "kommun"),
    ("ny metod", "MethodKind", "ny_metod"),
    ("ny", "MethodKind", "ny_metod"),
    ("utveckla", "MethodKind", "utveckla_befintlig"),
    ("företag", "OrgType", "foretag"),
    ("förening", "OrgType", "ideell"),
    ("landsting", "OrgType", "region"),
    ("myndighet", "OrgType", "statlig"),
    ("beprövad erfarenhet", "EvidenceBasis", "beprovad_erfarenhet"),
    # Inside a sentence, by a synonym, inflected.
    ("vi testar en befintlig metod", "MethodKind", "testa_befintlig"),
    ("Vi ska pröva en metod som redan finns", "MethodKind", "testa_befintlig"),
    ("vi utvecklar en befintlig metod", "MethodKind", "utveckla_befintlig"),
    ("vi vill vidareutveckla ett arbetssätt", "MethodKind", "utveckla_befintlig"),
    ("helt ny metod", "MethodKind", "ny_metod"),
    ("vi skapar något nytt", "MethodKind", "ny_metod"),
    ("förebyggande", "InterventionType", "forebyggande"),
    ("den är förebyggande", "InterventionType", "forebyggande"),
    ("främst förebyggande", "InterventionType", "forebyggande"),
    ("inte behandlande utan förebyggande", "InterventionType", "forebyggande"),
    ("tidiga insatser", "InterventionType", "tidig"),
    ("ett tidigt stöd", "InterventionType", "tidig"),
    ("behandling", "InterventionType", "behandlande"),
    ("något annat", "InterventionType", "annan"),
    ("mer förebyggande än tidig", "InterventionType", "forebyggande"),
    ("både och, mest beprövad erfarenhet", "EvidenceBasis", "beprovad_erfarenhet"),
    ("det bygger på forskning", "EvidenceBasis", "evidens"),
    ("evidensbaserad", "EvidenceBasis", "evidens"),
    ("ingen evidens men beprövad erfarenhet", "EvidenceBasis", "beprovad_erfarenhet"),
    ("ny oprövad metod", "EvidenceBasis", "ingen"),
    ("ingetdera", "EvidenceBasis", "ingen"),
    ("en förening", "OrgType", "ideell"),
    ("vi är en ideell förening", "OrgType", "ideell"),
    ("kommunal förvaltning", "OrgType", "kommun"),
    ("landstinget", "OrgType", "region"),
    ("Regionen", "OrgType", "region"),
    ("ett aktiebolag", "OrgType", "foretag"),
    ("stiftelse", "OrgType", "ideell"),
    ("kontant", "CofinancingForm", "kontant"),
    ("kontanter", "CofinancingForm", "kontant"),
    ("i arbetstid", "CofinancingForm", "arbetstid"),
    ("personal", "CofinancingForm", "arbetstid"),
    ("i form av lokaler", "CofinancingForm", "annat"),
]


@pytest.mark.parametrize(("typed", "enum", "value"), CHOICES)
def test_a_choice_by_number_label_synonym_or_sentence(typed, enum, value):
    assert understand_choice(typed, enum_options(enum)).value == value


def test_what_was_chosen_is_said_back_unless_the_label_was_typed():
    assert understand_choice("vi testar en befintlig metod", enum_options("MethodKind")).echo == (
        "Testa en befintlig metod"
    )
    assert understand_choice("2", ORG).echo == "Kommun/kommunal förvaltning"
    assert understand_choice("Kontant", enum_options("CofinancingForm")).echo is None


@pytest.mark.parametrize(
    ("typed", "enum", "candidates"),
    [
        ("befintlig", "MethodKind", ["testa_befintlig", "utveckla_befintlig"]),
        ("både förebyggande och tidig", "InterventionType", ["forebyggande", "tidig"]),
        ("vi ska testa en ny metod", "MethodKind", ["testa_befintlig", "ny_metod"]),
        ("både och", "EvidenceBasis", ["evidens", "beprovad_erfarenhet", "ingen"]),
        ("lite av varje", "InterventionType", ["forebyggande", "tidig", "behandlande", "annan"]),
        ("kommunalt bolag", "OrgType", ["kommun", "foretag"]),
        ("forskning och erfarenhet", "EvidenceBasis", ["evidens", "beprovad_erfarenhet"]),
    ],
)
def test_several_options_named_are_asked_back_with_them_as_choices(typed, enum, candidates):
    with pytest.raises(Ambiguous) as error:
        understand_choice(typed, enum_options(enum))
    assert [o.value for o in error.value.choices] == candidates
    assert "alternativ" in str(error.value)


@pytest.mark.parametrize(
    ("typed", "enum"),
    [("katter", "OrgType"), ("9", "OrgType"), ("", "OrgType")],
)
def test_an_unknown_choice_lists_the_options(typed, enum):
    with pytest.raises(ParseError, match=r"1 Region/landsting|1 Vetenskaplig evidens"):
        understand_choice(typed, enum_options(enum))


def test_options_of_a_part_of_an_enum_keep_their_synonyms():
    with pytest.raises(ParseError) as error:
        understand_choice("landsting?", ORG[1:])
    assert "1 Kommun/kommunal förvaltning" in str(error.value)
    assert understand_choice("en förening", ORG[1:]).value == "ideell"


# (typed, values, echo)
MULTI = [
    ("1, 3", ["barn_unga", "foraldrar"], "Barn och unga, Föräldrar"),
    ("1 3", ["barn_unga", "foraldrar"], "Barn och unga, Föräldrar"),
    ("Barn och unga; äldre", ["barn_unga", "aldre"], "Barn och unga, Äldre"),
    ("barn_unga, 1", ["barn_unga"], "Barn och unga"),
    ("Barn och unga", ["barn_unga"], None),
    ("barn och unga och deras föräldrar", ["barn_unga", "foraldrar"], "Barn och unga, Föräldrar"),
    (
        "barn och unga, unga vuxna och deras föräldrar",
        ["barn_unga", "unga_vuxna", "foraldrar"],
        "Barn och unga, Unga vuxna, Föräldrar",
    ),
    (
        "unga som riskerar utanförskap",
        ["barn_unga", "risk_utanforskap"],
        "Barn och unga, Personer som riskerar socialt utanförskap",
    ),
    ("alla barn", ["barn_unga"], "Barn och unga"),
    ("alla", ["alla"], "Alla invånare"),
    ("alla invånare", ["alla"], None),
    ("äldre men inte vuxna", ["aldre"], "Äldre"),
    ("familjer med små barn", ["foraldrar", "barn_unga"], "Föräldrar, Barn och unga"),
    ("mest ungdomar 13-18 år", ["barn_unga"], "Barn och unga"),
    (
        "elever i årskurs 7-9 och deras vårdnadshavare",
        ["barn_unga", "foraldrar"],
        "Barn och unga, Föräldrar",
    ),
    ("unga vuxna 18–25 år", ["unga_vuxna"], "Unga vuxna"),
    ("pensionärer", ["aldre"], "Äldre"),
    ("barn, ungdomar och föräldrar", ["barn_unga", "foraldrar"], "Barn och unga, Föräldrar"),
]


@pytest.mark.parametrize(("typed", "values", "echo"), MULTI)
def test_multichoice_by_numbers_labels_or_prose(typed, values, echo):
    understood = understand_multichoice(typed, GROUPS)
    assert (understood.value, understood.echo) == (values, echo)


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("1, katter", "”katter” är inget av alternativen"),
        ("barn, katter", "”katter” är inget av alternativen"),
        ("vet inte", "är inget av alternativen"),
        ("alla utom äldre", "vilka av alternativen"),
        ("de som behöver det mest", "inget av alternativen"),
    ],
)
def test_an_unclear_multichoice_comes_out_as_unclear(typed, reason):
    with pytest.raises(Unclear, match=reason):
        understand_multichoice(typed, GROUPS)


# (typed, enum, value): a negation after the word, or "utan"/"saknar", denies it.
DENIED = [
    ("vi behandlar inte utan förebygger", "InterventionType", "forebyggande"),
    ("ingen behandling, förebyggande", "InterventionType", "forebyggande"),
    ("insats i tidigt skede, ej behandling", "InterventionType", "tidig"),
    ("förebyggande, inte behandlande", "InterventionType", "forebyggande"),
    ("inte förebyggande utan behandlande", "InterventionType", "behandlande"),
    ("evidens saknas, men vi har beprövad erfarenhet", "EvidenceBasis", "beprovad_erfarenhet"),
    ("saknar evidens men har beprövad erfarenhet", "EvidenceBasis", "beprovad_erfarenhet"),
    ("inga studier, helt nytt", "EvidenceBasis", "ingen"),
]


@pytest.mark.parametrize(("typed", "enum", "value"), DENIED)
def test_a_denied_option_is_never_the_answer(typed, enum, value):
    assert understand_choice(typed, enum_options(enum)).value == value


@pytest.mark.parametrize(
    ("typed", "enum", "offered"),
    [
        ("ingen evidens", "EvidenceBasis", ["beprovad_erfarenhet", "ingen"]),
        ("saknar evidens", "EvidenceBasis", ["beprovad_erfarenhet", "ingen"]),
        ("utan evidens", "EvidenceBasis", ["beprovad_erfarenhet", "ingen"]),
        ("evidens saknas", "EvidenceBasis", ["beprovad_erfarenhet", "ingen"]),
        ("forskningen är inte klar", "EvidenceBasis", ["beprovad_erfarenhet", "ingen"]),
        ("det är ingen behandling", "InterventionType", ["forebyggande", "tidig", "annan"]),
        (
            "ej vinstdrivande",
            "OrgType",
            ["region", "kommun", "avtalspart", "ideell", "statlig", "annan"],
        ),
    ],
)
def test_a_line_that_only_denies_offers_the_other_options(typed, enum, offered):
    with pytest.raises(Ambiguous) as error:
        understand_choice(typed, enum_options(enum))
    assert [o.value for o in error.value.choices] == offered


@pytest.mark.parametrize(
    ("typed", "offered"),
    [
        ("sociala företag", ["ideell", "foretag"]),
        ("vi är ett socialt företag", ["ideell", "foretag"]),
        ("ekonomisk förening", ["ideell", "foretag"]),
        ("socialförvaltningen", ["kommun"]),
        ("BUP", ["region"]),
    ],
)
def test_an_organisation_type_that_could_be_two_or_is_a_guess_is_asked_back(typed, offered):
    with pytest.raises(Ambiguous) as error:
        understand_choice(typed, ORG)
    assert [o.value for o in error.value.choices] == offered
