"""A complete sample answer object: every message template is test-rendered against it.

It is deliberately full (every field answered) so that a template that names a
field that does not exist fails at load, while one that names an existing field
renders. Kept separate from the tests so the loader never depends on test files.
"""

SAMPLE_ANSWERS: dict = {
    "title": "Tidigt stöd i förskolan",
    "problem": "Många barn i området visar tidiga tecken på psykisk ohälsa och skolfrånvaro.",
    "description": "Familjestödjare arbetar i förskolan med föräldrar och pedagoger.",
    "target_groups": ["barn_unga"],
    "target_group_description": "Barn 3–6 år och deras föräldrar i två bostadsområden.",
    "target_group_size": 150,
    "target_group_identification": "Förskolans pedagoger och BVC identifierar familjer enligt en "
    "checklista.",
    "other_interventions": "Öppna förskolan finns, men ingen riktad insats för gruppen.",
    "intervention_type": "forebyggande",
    "method_kind": "utveckla_befintlig",
    "method_description": "Föräldrastödsprogrammet ABC kombinerat med hembesök.",
    "evidence_basis": "evidens",
    "evidence_references": "Socialstyrelsen, Föräldrastöd – kunskapsstöd; RCT-studier av ABC.",
    "controlled_studies": True,
    "applicant": {
        "name": "Sandvikens kommun",
        "unit": "Individ- och familjeomsorgen",
        "org_type": "kommun",
    },
    "partners": [
        {
            "name": "Region Gävleborg",
            "org_type": "region",
            "role": "Barnhälsovården deltar med BVC-sköterskor",
        },
        {
            "name": "Föreningen Förenade i rörelse",
            "org_type": "ideell",
            "role": "Leder föräldragrupper",
        },
    ],
    "existing_activity": False,
    "start_date": "2027-01-01",
    "end_date": "2029-12-31",
    "budget": [
        {"year": 2027, "cost": 400000},
        {"year": 2028, "cost": 500000},
        {"year": 2029, "cost": 300000},
    ],
    "requested_amount": 600000,
    "cofinancing": [
        {"party": "Sandvikens kommun", "amount": 400000, "form": "arbetstid"},
        {"party": "Region Gävleborg", "amount": 200000, "form": "kontant"},
    ],
    "cofinancing_principles": "Kostnaderna delas efter var vinsterna väntas uppstå: två "
    "tredjedelar kommunen, en tredjedel regionen.",
    "expected_effects": "Färre orosanmälningar, bättre skolstart och minskad skolfrånvaro.",
    "effects_timing": "Föräldrarnas förmåga inom ett år, skolfrånvaro från årskurs 1.",
    "measurement_method": "Andel barn med orosanmälan, skolfrånvaro i åk 1, föräldraenkät före "
    "och efter.",
    "measurement_times": "Vid start, efter 12 månader och vid projektets slut.",
    "comparison_group": "Barn i två jämförbara bostadsområden utan insatsen.",
    "cost_reductions": [
        {"organisation": "Sandvikens kommun", "amount_per_year": 350000, "from_year": 2030},
        {"organisation": "Region Gävleborg", "amount_per_year": 150000, "from_year": 2030},
    ],
    "cost_reduction_calculation": "Färre placeringar (snittkostnad 1,2 mkr per placering) och "
    "färre BUP-besök.",
    "cost_reduction_description": "Tidigt föräldrastöd minskar behovet av placeringar och "
    "BUP-besök under de fem åren efter insatsen.",
    "savings_horizon_years": 3,
    "repayment_plan": "Kommunen återför 120 000 kr per år under 2030–2034.",
    "repayment_years": 5,
    "repayment_responsible": "Individ- och familjeomsorgen, Sandvikens kommun",
    "implementation_plan": "Familjestödjarna blir ordinarie tjänster i förskolans elevhälsa från "
    "2030.",
    "follow_up_plan": "Kommunens FoU-enhet utvärderar effekt och process, halvårsrapporter till "
    "styrgruppen.",
    "manager_endorsement": True,
    "contact": {"name": "Anna Lind", "email": "anna.lind@example.se", "phone": "070-123 45 67"},
    "committee": "Socialnämnden",
    "signatories": [
        {"party": "Sandvikens kommun", "name": "Eva Berg", "title": "Verksamhetschef"},
        {"party": "Region Gävleborg", "name": "Lars Ek", "title": "Verksamhetschef"},
    ],
}
