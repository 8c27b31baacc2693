"""Fund files: the real data, a synthetic fourth fund, and validation errors."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from knowledge.answers import parse_answers
from knowledge.criteria import evaluate, evaluate_rules
from knowledge.criteria.derived import derive
from knowledge.criteria.findings import Status
from knowledge.criteria.profiles import FUNDS_DIR, DeadlineSpec, load_funds
from knowledge.errors import KnowledgeFileError

RULE_IDS = {
    "gavleborg": [
        "sokande",
        "malgrupp",
        "insatstyp",
        "metod",
        "evidens",
        "samverkan",
        "befintlig_verksamhet",
        "tidsram",
        "medfinansiering",
        "finansiering",
        "samhallsekonomi",
        "implementering",
        "uppfoljning",
        "avgransning",
        "samverkan_over_granser",
        "ansokningsomgang",
    ],
    "sundsvall": [
        "sokande",
        "malgrupp",
        "insatstyp",
        "evidens",
        "samhallsekonomi",
        "medverkan",
        "jamforelse",
        "aterbetalning",
        "uppfoljning",
        "finansiering",
        "samverkan",
        "eu_medel",
    ],
    "blekinge": [
        "sokande",
        "samverkan",
        "insatstyp",
        "tillstyrkan",
        "aterforing",
        "kostnadsminskning",
        "medfinansiering",
        "finansiering",
        "uppfoljning",
        "innehall",
        "barn_unga",
        "extern_medfinansiering",
    ],
}


def test_every_rule_of_criteria_md_is_in_the_fund_files_in_order():
    funds = load_funds()
    assert set(funds) == set(RULE_IDS)
    for fund_id, names in RULE_IDS.items():
        assert [r.id for r in funds[fund_id].rules] == [f"{fund_id}.{n}" for n in names]


def test_every_rule_cites_a_seed_of_its_fund():
    for fund in load_funds().values():
        for rule in fund.rules:
            seed, _, section = rule.source.partition(": ")
            assert seed in fund.source_files and section.strip(), rule.id


def test_contacts_come_from_the_seeds_and_nothing_is_invented():
    funds = load_funds()
    gavle = funds["gavleborg"].coordinator
    assert gavle.name == "Emma Mårtensson"
    assert gavle.email == "emma.martensson@regiongavleborg.se"
    assert gavle.phone.replace(" ", "") == "072-2038141"
    for fund_id in ("sundsvall", "blekinge"):
        contact = funds[fund_id].coordinator
        assert contact.name is None and contact.phone is None and contact.email is None
    assert "Samordningsfunktionen" in funds["sundsvall"].coordinator.organisation
    assert "Landstingsstyrelsen" in funds["blekinge"].coordinator.organisation


def test_deadlines():
    funds = load_funds()
    assert funds["sundsvall"].deadline is None and funds["blekinge"].deadline is None
    assert funds["sundsvall"].next_deadline(dt.date(2026, 1, 1)) is None
    spec = funds["gavleborg"].deadline
    assert spec == DeadlineSpec(11, 30)
    assert spec.next_deadline(dt.date(2026, 11, 30)) == dt.date(2026, 11, 30)
    assert spec.next_deadline(dt.date(2026, 12, 1)) == dt.date(2027, 11, 30)
    assert spec.next_deadline(dt.date(2026, 1, 15)) == dt.date(2026, 11, 30)


def test_loading_is_cached_until_a_file_changes(tmp_path):
    assert load_funds() is not load_funds()  # callers get their own dict ...
    assert load_funds()["gavleborg"] is load_funds()["gavleborg"]  # ... of shared profiles
    folder = tmp_path / "funds"
    shutil.copytree(FUNDS_DIR, folder)
    first = load_funds(folder)["gavleborg"]
    path = folder / "gavleborg.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("min: 0.5", "min: 0.4"), "utf-8")
    second = load_funds(folder)["gavleborg"]
    assert second is not first
    data = {"budget": [{"year": 2027, "cost": 1000}], "cofinancing": [{"amount": 450}]}
    assert evaluate(data, first).findings[8].status == Status.FAIL
    assert evaluate(data, second).findings[8].status == Status.PASS


# A fourth fund, written as data only, using every rule kind.
SYNTHETIC = """\
id: norrby
name: Norrby kommun
fund_name: Norrby kommuns sociala investeringsfond
coordinator: {name: Kim Berg, title: Samordnare, phone: null, email: kim@norrby.example,
              organisation: Norrby kommun}
deadline: {month: 3, day: 31}
source_files: [norrby.txt]
rules:
  - id: norrby.titel
    kind: required
    fields: [title, description]
    source: "norrby.txt: 1"
    params: {fields: [title, description]}
    messages:
      pass: "Namn och beskrivning finns för {{ answers.title }}."
      unknown: "Det saknas {{ missing_text }}."
  - id: norrby.sokande
    kind: choice
    fields: [applicant]
    source: "norrby.txt: 2"
    params: {field: applicant.org_type, pass_in: [kommun, ideell]}
    messages: {pass: "ok", fail: "Fel sökande: {{ value | etikett }}.", unknown: "Okänd sökande."}
  - id: norrby.storlek
    kind: threshold
    fields: [target_group_size]
    source: "norrby.txt: 3"
    params: {value: target_group_size, min: 10, max: 500}
    messages:
      pass: "{{ value }} personer."
      fail: "{{ value }} personer; {{ min }}–{{ max }} krävs."
      unknown: "Ange antal."
  - id: norrby.tid
    kind: period
    fields: [start_date, end_date]
    source: "norrby.txt: 4"
    params: {start: start_date, end: end_date, max_years: 2}
    messages:
      pass: "ok"
      fail: "Sluta senast {{ latest_end | datum }}."
      unknown: "Ange datum."
      unknown_order: "Slutet före starten."
  - id: norrby.egen_insats
    kind: share
    fields: [budget, cofinancing]
    source: "norrby.txt: 5"
    params: {part: cofinancing_total, whole: total_cost, min: 0.25}
    messages:
      pass: "{{ share | procent }}."
      fail: "{{ share | procent }}; det saknas {{ missing_amount | kr }}."
      unknown: "Ange budget och medfinansiering."
  - id: norrby.summa
    kind: sum
    fields: [budget, requested_amount, cofinancing]
    source: "norrby.txt: 5"
    params: {parts: [requested_amount, cofinancing_total], total: total_cost, status: unknown}
    messages:
      pass: "ok"
      mismatch: "{{ parts_sum | kr }} av {{ total | kr }}; sök {{ balance | kr }}."
      missing: "Inget att jämföra."
  - id: norrby.medverkan
    kind: membership
    fields: [cost_reductions, partners, applicant]
    source: "norrby.txt: 6"
    params: {names: cost_reductions.organisation, members: [applicant.name, partners.name]}
    messages: {pass: "ok", fail: "{{ outsiders_text }} måste vara med."}
  - id: norrby.nyhet
    kind: condition
    fields: [method_kind, existing_activity]
    source: "norrby.txt: 7"
    params:
      requires: [method_kind]
      fail_when: {field: existing_activity, in: [true]}
    exempt_when: {field: method_kind, in: [ny_metod]}
    messages: {pass: "ok", fail: "Inte befintlig verksamhet.", unknown: "Ange metod.",
               exempt: "Nya metoder är alltid välkomna."}
  - id: norrby.rad
    kind: advice
    fields: [target_groups]
    source: "norrby.txt: 8"
    params: {when: {not: {field: target_groups, in: [aldre]}}}
    messages: {pass: "ok", advice: "Norrby prioriterar äldre."}
  - id: norrby.omgang
    kind: deadline
    fields: []
    source: "norrby.txt: 9"
    messages:
      advice: "Sista dag {{ deadline | datum }} ({{ days_left | dagar }})."
      no_deadline: "Fråga {{ fund.coordinator.name }}."
"""


def _write_fund(folder: Path, text: str, name: str = "norrby.yaml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_fourth_fund_is_data_only(tmp_path):
    _write_fund(tmp_path, SYNTHETIC)
    fund = load_funds(tmp_path)["norrby"]
    answers = {
        "title": "Seniorträffar",
        "applicant": {"name": "Norrby kommun", "org_type": "foretag"},
        "target_group_size": 600,
        "start_date": "2027-01-01",
        "end_date": "2029-06-30",
        "budget": [{"year": 2027, "cost": 400_000}],
        "cofinancing": [{"party": "Norrby kommun", "amount": 60_000}],
        "requested_amount": 300_000,
        "cost_reductions": [{"organisation": "Hemtjänsten", "amount_per_year": 1}],
        "method_kind": "ny_metod",
        "existing_activity": True,
        "target_groups": ["aldre"],
    }
    evaluation = evaluate(answers, fund, today=dt.date(2027, 3, 1))
    got = {f.rule.removeprefix("norrby."): (str(f.status), f.message) for f in evaluation.findings}
    assert got["titel"] == ("unknown", "Det saknas beskrivning av insatsens innehåll.")
    assert got["sokande"] == ("fail", "Fel sökande: Vinstdrivande företag.")
    assert got["storlek"] == ("fail", "600 personer; 10–500 krävs.")
    assert got["tid"] == ("fail", "Sluta senast 31 december 2028.")
    assert got["egen_insats"] == ("fail", "15 %; det saknas 40 000 kr.")
    assert got["summa"] == ("unknown", "360 000 kr av 400 000 kr; sök 340 000 kr.")
    assert got["medverkan"] == ("fail", "Hemtjänsten måste vara med.")
    assert got["nyhet"] == ("pass", "Nya metoder är alltid välkomna.")
    assert got["rad"] == ("pass", "ok")
    assert got["omgang"] == ("advice", "Sista dag 31 mars 2027 (30 dagar).")
    assert str(evaluation.verdict) == "not_eligible"


def test_the_deadline_kind_without_a_deadline_says_whom_to_ask(tmp_path):
    _write_fund(tmp_path, SYNTHETIC.replace("deadline: {month: 3, day: 31}", "deadline: null"))
    fund = load_funds(tmp_path)["norrby"]
    last = evaluate({}, fund, today=dt.date(2027, 3, 1)).findings[-1]
    assert (last.status, last.message) == (Status.ADVICE, "Fråga Kim Berg.")


def _broken(tmp_path, old: str, new: str) -> KnowledgeFileError:
    assert old in SYNTHETIC
    _write_fund(tmp_path, SYNTHETIC.replace(old, new, 1))
    with pytest.raises(KnowledgeFileError) as caught:
        load_funds(tmp_path)
    return caught.value


@pytest.mark.parametrize(
    ("old", "new", "entry", "field", "reason"),
    [
        ("kind: threshold", "kind: treshold", "norrby.storlek", "kind", "okänd regeltyp"),
        (
            "fields: [target_group_size]",
            "fields: [group_size]",
            "norrby.storlek",
            "fields[0]",
            "okänt fält",
        ),
        (
            "params: {value: target_group_size,",
            "params: {value: target_size,",
            "norrby.storlek",
            "params.value",
            "okänt fält",
        ),
        (
            '      unknown: "Ange antal."\n',
            "",
            "norrby.storlek",
            "messages.unknown",
            "meddelandet saknas",
        ),
        ("id: norrby.tid", "id: norrby.storlek", "norrby.storlek", "id", "två gånger"),
        (
            'fail: "{{ value }} personer;',
            'fail: "{{ value }} personer{% if %};',
            "norrby.storlek",
            "messages.fail",
            "mallfel",
        ),
        (
            'fail: "{{ value }} personer;',
            'fail: "{{ valeu }} personer;',
            "norrby.storlek",
            "messages.fail",
            "valeu",
        ),
        (
            'fail: "{{ value }} personer;',
            'fail: "{{ answers.titel }} personer;',
            "norrby.storlek",
            "messages.fail",
            "titel",
        ),
        ("min: 0.25", "min: 25", "norrby.egen_insats", "params.min", "andel"),
        ("max_years: 2", "max_year: 2", "norrby.tid", "params.max_year", "okänd parameter"),
        ("fields: [target_groups]", "fields: [title]", "norrby.rad", "fields", "target_groups"),
        (
            "{when: {not: {field: target_groups, in: [aldre]}}}",
            "{when: {field: target_groups, inn: [aldre]}}",
            "norrby.rad",
            "params.when",
            "villkoret",
        ),
        (
            'pass: "ok", advice:',
            'pass: "ok", tip: "x", advice:',
            "norrby.rad",
            "messages.tip",
            "okänt meddelande",
        ),
        ("id: norrby.sokande", "id: sokande", "sokande", "id", 'börja med "norrby."'),
    ],
)
def test_invalid_fund_files_name_file_entry_and_field(tmp_path, old, new, entry, field, reason):
    error = _broken(tmp_path, old, new)
    assert (error.file, error.entry, error.field) == ("norrby.yaml", entry, field)
    assert reason in error.reason
    assert str(error).startswith(f"norrby.yaml: {entry}: {field}: ")


def test_broken_yaml_names_the_file_and_line(tmp_path):
    error = _broken(tmp_path, "    kind: period\n", "    kind: period\n   bad: [\n")
    assert error.file == "norrby.yaml" and "rad " in error.reason and "YAML" in error.reason


def test_fund_id_must_match_file_name(tmp_path):
    _write_fund(tmp_path, SYNTHETIC, name="other.yaml")
    with pytest.raises(KnowledgeFileError) as caught:
        load_funds(tmp_path)
    assert caught.value.file == "other.yaml" and caught.value.field == "id"


def test_missing_folder_and_empty_folder(tmp_path):
    with pytest.raises(KnowledgeFileError):
        load_funds(tmp_path / "nope")
    with pytest.raises(KnowledgeFileError, match="inga fondfiler"):
        load_funds(tmp_path)


def test_a_staff_edited_message_and_threshold_take_effect(tmp_path):
    folder = tmp_path / "funds"
    shutil.copytree(FUNDS_DIR, folder)
    path = folder / "gavleborg.yaml"
    text = path.read_text(encoding="utf-8")
    advice = "Se över om fler parter kan bidra, t.ex. med\n        arbetstid."
    assert advice in text
    text = text.replace(advice, "Ring {{ fund.coordinator.name }}.")
    path.write_text(text.replace("min: 0.5", "min: 0.6"), encoding="utf-8")
    fund = load_funds(folder)["gavleborg"]
    data = {
        "budget": [{"year": 2027, "cost": 1_000_000}],
        "cofinancing": [{"party": "A", "amount": 550_000}],
    }
    [result] = [f for f in evaluate(data, fund).findings if f.rule == "gavleborg.medfinansiering"]
    assert result.status == Status.FAIL
    assert "minst 60 %" in result.message and "det saknas 50 000 kr" in result.message
    assert result.message.endswith("Ring Emma Mårtensson.")


def _paths(node, path=()):
    yield path
    if isinstance(node, dict | list):
        children = node.items() if isinstance(node, dict) else enumerate(node)
        for key, child in children:
            yield from _paths(child, (*path, key))


def test_wrong_types_anywhere_in_a_fund_file_are_file_errors_never_crashes(tmp_path):
    import random

    import yaml

    original = yaml.safe_load((FUNDS_DIR / "sundsvall.yaml").read_text(encoding="utf-8"))
    spots = [p for p in _paths(original) if p]
    wrong = [None, 7, True, "x", [], {}, [1, [2]], {"field": "nope"}, "{% if %}"]
    rng = random.Random(2026)
    for path in rng.sample(spots, 25):
        data = yaml.safe_load(yaml.safe_dump(original, allow_unicode=True))
        target = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = rng.choice(wrong)
        _write_fund(tmp_path, yaml.safe_dump(data, allow_unicode=True), name="sundsvall.yaml")
        try:
            load_funds(tmp_path)
        except KnowledgeFileError as error:
            assert str(error).startswith("sundsvall.yaml: ")


def test_the_period_messages_months_are_the_derived_period_months(tmp_path):
    # 15 March 2027 – 10 April 2029 covers 25 whole months, not 26 calendar-month labels.
    old = 'fail: "Sluta senast {{ latest_end | datum }}."'
    assert old in SYNTHETIC
    new = 'fail: "{{ months }} månader; sluta senast {{ latest_end | datum }}."'
    _write_fund(tmp_path, SYNTHETIC.replace(old, new))
    fund = load_funds(tmp_path)["norrby"]
    answers = parse_answers({"start_date": "2027-03-15", "end_date": "2029-04-10"})
    [result] = evaluate_rules(answers, fund, ["norrby.tid"])
    assert derive(answers).period_months == 25
    assert result.message == "25 månader; sluta senast 14 mars 2029."


@pytest.mark.parametrize(
    ("new", "said"),
    [
        ("{{ missing_amount | kronor }}", "okänt filter ”kronor”"),
        ("{{ missing_amonut }}", "okänd platshållare ”missing_amonut”"),
        ("{% if share %}", "mallen tar slut innan {% if %} har stängts med {% endif %}"),
        ("{{ share ", "ett namn eller ett tal väntades i platshållaren"),
        ("{{ share procent }}", "”}}” väntades före ”procent”"),
        ("{% om share %}{% endif %}", "okänd sats ”om”"),
    ],
)
def test_a_template_error_is_explained_in_swedish_for_staff(tmp_path, new, said):
    error = _broken(tmp_path, "{{ missing_amount | kr }}", new)
    assert error.reason.startswith("mallfel") and said in error.reason
    assert " is undefined" not in error.reason and "No filter" not in error.reason
