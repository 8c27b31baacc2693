"""Yes, no and "not yet" with whatever applicants write after them."""

from __future__ import annotations

import pytest

from dialogs.understanding import ParseError, Unclear, understand_bool

YES = [
    ("ja", None), ("Ja", None), ("JA!", None), ("ja.", None), ("j", "ja"), ("yes", "ja"),
    ("jo", "ja"), ("japp", "ja"), ("jepp", "ja"), ("javisst!", "ja"), ("ja visst", "ja"),
    ("absolut", "ja"), ("självklart", "ja"), ("givetvis", "ja"), ("visst", "ja"),
    ("det stämmer", "ja"), ("stämmer", "ja"), ("korrekt", "ja"), ("ja gärna", "ja"),
    ("ja, det stämmer", "ja"), ("ja, det gör den", "ja"),
    ("Ja, verksamhetschefen har sagt ja", "ja"),
    ("ja tack", "ja"), ("jadå", "ja"), ("absolut, det har vi", "ja"),
]  # fmt: skip
NO = [
    ("nej", None), ("Nej.", None), ("n", "nej"), ("no", "nej"), ("nä", "nej"), ("nix", "nej"),
    ("nej tyvärr", "nej"), ("nej, det är helt nytt", "nej"), ("absolut inte", "nej"),
    ("inte alls", "nej"), ("nej då", "nej"), ("nejdå", "nej"), ("självklart inte", "nej"),
    ("nej, det är en ny verksamhet", "nej"), ("Nej – allt är nytt", "nej"), ("inte", "nej"),
    ("nej, vi har inte börjat", "nej"), ("nej, inte ännu", "nej"),
]  # fmt: skip


@pytest.mark.parametrize(("typed", "echo"), YES)
def test_yes(typed, echo):
    assert (understand_bool(typed).value, understand_bool(typed).echo) == (True, echo)


@pytest.mark.parametrize(("typed", "echo"), NO)
def test_no(typed, echo):
    assert (understand_bool(typed).value, understand_bool(typed).echo) == (False, echo)


@pytest.mark.parametrize(
    ("typed", "echo"),
    [
        ("inte ännu", None),
        ("Inte ännu.", None),
        ("inte än", "inte ännu"),
        ("ännu inte", "inte ännu"),
        ("inte ännu, vi har möte i januari", "inte ännu"),
        ("nej, inte ännu", "inte ännu"),
        ("nej inte än", "inte ännu"),
        ("vet inte", "inte ännu"),
        ("inte klart än", "inte ännu"),
        ("null", "inte ännu"),
    ],
)
def test_not_yet_where_null_is_allowed(typed, echo):
    understood = understand_bool(typed, nullable=True)
    assert (understood.value, understood.echo) == (None, echo)


@pytest.mark.parametrize("typed", ["inte ännu", "inte ännu, vi har möte i januari", "vet inte"])
def test_not_yet_is_no_answer_where_null_is_not_allowed(typed):
    with pytest.raises(ParseError, match="ja eller nej"):
        understand_bool(typed)


@pytest.mark.parametrize("typed", ["kanske", "det är helt nytt", "vi får se", "", "jaa"])
def test_neither(typed):
    with pytest.raises(ParseError, match="ja eller nej"):
        understand_bool(typed)


def test_the_nullable_message_offers_not_yet():
    with pytest.raises(ParseError, match="inte ännu"):
        understand_bool("kanske", nullable=True)


@pytest.mark.parametrize(
    "typed",
    ["ja, men inte helt", "ja och nej", "nej eller ja", "ja, delvis", "nej, kanske", "ja kanske"],
)
def test_a_yes_and_a_no_together_is_unclear(typed):
    with pytest.raises(Unclear, match="ja eller ett nej"):
        understand_bool(typed)
