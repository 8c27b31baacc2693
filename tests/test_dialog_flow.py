"""The flow file: every field a fund's rules read is asked, conditions, validation."""

from __future__ import annotations

import pytest
import yaml

from dialogs import FlowError, load_flow
from dialogs.flow import FLOW_FILE, parse_flow
from dialogs.plan import plan_of
from dialogs.state import DialogState
from knowledge.base import load_knowledge
from knowledge.criteria import screening_fields
from tests.support.core import context

FUNDS = ("gavleborg", "sundsvall", "blekinge")
SECTIONS = [
    "Om idén",
    "Målgrupp",
    "Insats och metod",
    "Organisation och samverkan",
    "Tid och budget",
    "Effekter och uppföljning",
    "Ekonomi och återföring",
    "Implementering",
    "Kontakt",
]


@pytest.mark.parametrize("fund", FUNDS)
def test_every_field_a_rule_reads_is_asked_for_that_fund(fund):
    profile = load_knowledge().fund(fund)
    asked = load_flow().fields_for(fund)
    read = {f.split(".")[0] for rule in profile.rules for f in rule.fields}
    assert read - asked == set()


def test_sections_come_in_the_agreed_order():
    seen = []
    for step in load_flow().steps:
        if step.section not in seen:
            seen.append(step.section)
    assert seen == SECTIONS


def test_fund_specific_steps_are_asked_only_for_their_fund():
    flow = load_flow()
    assert "manager_endorsement" in {s.top for s in flow.active("blekinge", {})}
    assert "manager_endorsement" not in {s.top for s in flow.active("gavleborg", {})}
    # controlled_studies: Sundsvall only, and only after evidens.
    assert "controlled_studies" not in {s.top for s in flow.active("sundsvall", {})}
    evidens = {"evidence_basis": "evidens"}
    assert "controlled_studies" in {s.top for s in flow.active("sundsvall", evidens)}
    assert "controlled_studies" not in {s.top for s in flow.active("gavleborg", evidens)}


def test_the_fund_question_is_asked_only_without_a_configured_fund():
    flow = load_flow()
    assert flow.active(None, {})[0].field == "fund"
    assert flow.active("gavleborg", {"fund": "gavleborg"})[0].field == "title"


def _flow_data():
    return yaml.safe_load(FLOW_FILE.read_text(encoding="utf-8"))


def test_an_unknown_field_names_file_step_and_key():
    data = _flow_data()
    data["sections"][0]["steps"][1]["field"] = "titel"
    with pytest.raises(FlowError) as error:
        parse_flow(data, source="flow.yaml")
    assert str(error.value).startswith("flow.yaml: titel: field:")


def test_a_wrong_input_kind_names_the_step():
    data = _flow_data()
    data["sections"][0]["steps"][1]["input"] = "fritext"
    with pytest.raises(FlowError) as error:
        parse_flow(data, source="flow.yaml")
    assert "flow.yaml: title: input:" in str(error.value)


def test_an_unknown_option_list_is_an_error():
    data = _flow_data()
    step = next(s for s in data["sections"][1]["steps"] if s["field"] == "target_groups")
    step["options"] = "Malgrupper"
    with pytest.raises(FlowError, match="target_groups: options"):
        parse_flow(data)


def test_broken_yaml_names_the_file_and_line(tmp_path):
    path = tmp_path / "flow.yaml"
    path.write_text("sections:\n  - title: [\n", encoding="utf-8")
    with pytest.raises(FlowError, match=r"flow.yaml: ogiltig YAML på rad \d"):
        load_flow(path)


@pytest.mark.parametrize(
    ("field", "kind"),
    [
        ("title", "integer"),
        ("start_date", "text"),
        ("existing_activity", "money"),
        ("requested_amount", "percent"),
        ("applicant.org_type", "bool"),
    ],
)
def test_an_input_kind_that_does_not_fit_the_field_is_an_error(field, kind):
    data = _flow_data()
    step = next(s for sec in data["sections"] for s in sec["steps"] if s["field"] == field)
    step["input"] = kind
    step.pop("options", None)
    with pytest.raises(FlowError, match=f"flow.yaml: {field}: input: {kind} passar inte"):
        parse_flow(data)


QUICK = {
    "gavleborg": [
        "target_groups",
        "intervention_type",
        "evidence_basis",
        "applicant.name",
        "applicant.unit",
        "applicant.org_type",
        "partners",
        "existing_activity",
        "start_date",
        "end_date",
        "budget",
        "requested_amount",
        "cofinancing",
    ],
    "sundsvall": [
        "target_groups",
        "intervention_type",
        "method_kind",
        "evidence_basis",
        "applicant.name",
        "applicant.unit",
        "applicant.org_type",
        "partners",
        "budget",
        "requested_amount",
        "cofinancing",
        "cost_reductions",
        "repayment_years",
    ],
    "blekinge": [
        "intervention_type",
        "applicant.name",
        "applicant.unit",
        "applicant.org_type",
        "partners",
        "budget",
        "requested_amount",
        "cofinancing",
        "manager_endorsement",
    ],
}


@pytest.mark.parametrize("fund", FUNDS)
def test_the_quick_check_is_what_the_funds_rules_can_fail_on_in_the_flows_order(fund):
    plan = plan_of(DialogState.new(fund), context())
    assert [s.field for s in plan.quick_steps()] == QUICK[fund]
    # Then the rest in the flow's order, every question numbered once.
    rest = [s for s in plan if not plan.is_quick(s)]
    assert [s.index for s in rest] == sorted(s.index for s in rest)
    assert sorted(plan.numbers.values()) == list(range(1, plan.total + 1))


def test_a_rule_that_only_asks_for_text_adds_no_question_to_the_quick_check():
    profile = load_knowledge().fund("gavleborg")
    assert "implementation_plan" in {f for r in profile.rules for f in r.reads}
    assert "implementation_plan" not in screening_fields(profile)
