"""The parties of the application: the applicant, the partners and who signs for each.

Blekinge's items 4 and 5 (seed 004) part them by where they are: item 4 the
applicant and the partners within the landsting (``org_type`` ``region``, "verksamhet
inom regionen/landstinget" in answers.md), item 5 the external parties only.

The signature page has one row per party. Its signatory comes from ``signatories``
(asked where the fund requires it, e.g. Blekinge's verksamhetschef), matched to the
party by name (case and spacing ignored); a party nobody was named for gets empty
lines, and a signatory whose party matches none is listed after the parties.
"""

from __future__ import annotations

from typing import Any

from knowledge.answers import Answers, OrgType
from knowledge.criteria.conditions import fold_name
from templates.text import NOT_ANSWERED, NOT_GIVEN, number, option, safe_text, text

APPLICANT_ROLE = "Sökande"
PARTNER_ROLE = "Samverkanspart"
APPLICANT_TASK = "Ansvarig sökande"
NO_PARTNERS = "Inga samverkansparter"
NO_EXTERNAL = "Inga externa parter"
WITHIN = OrgType.REGION


def _applicant_row(answers: Answers) -> dict[str, str]:
    a = answers.applicant
    return {
        "role": APPLICANT_ROLE,
        "name": text(a.name),
        "unit": text(a.unit),
        "org_type": option(a.org_type),
        "task": APPLICANT_TASK,
    }


def _partner_row(partner: Any) -> dict[str, str]:
    return {
        "role": PARTNER_ROLE,
        "name": text(partner.name),
        "unit": NOT_GIVEN,
        "org_type": option(partner.org_type),
        "task": text(partner.role),
    }


def _list_note(items: list | None, empty: str) -> str:
    """``Ej besvarat`` for an unanswered list, ``empty`` for an answered empty one."""
    if items is None:
        return NOT_ANSWERED
    return "" if items else empty


def organisations(answers: Answers) -> dict[str, Any]:
    """Every party (applicant first) and the Blekinge split within / outside the landsting."""
    partners = answers.partners or []
    applicant = [_applicant_row(answers)] if answers.applicant is not None else []
    within = [_partner_row(p) for p in partners if p.org_type == WITHIN]
    outside = [_partner_row(p) for p in partners if p.org_type != WITHIN]
    everyone = [*applicant, *(_partner_row(p) for p in partners)]
    return {
        "rows": everyone,
        "note": "" if everyone else NOT_ANSWERED,
        "within": {
            "rows": [*applicant, *within],
            "note": "" if applicant or within else NOT_ANSWERED,
        },
        "external": {"rows": outside, "note": _list_note(answers.partners, NO_EXTERNAL)},
        "count": NOT_ANSWERED if answers.applicant is None else number(1 + len(partners)),
    }


def partners(answers: Answers) -> dict[str, Any]:
    """The partners alone."""
    rows = [
        {"name": text(p.name), "org_type": option(p.org_type), "role": text(p.role)}
        for p in answers.partners or []
    ]
    return {"rows": rows, "note": _list_note(answers.partners, NO_PARTNERS)}


def _names(*values: str | None) -> set[str]:
    return {fold_name(v) for v in values if v and v.strip()}


def signatures(answers: Answers) -> dict[str, Any]:
    """One row per party for the signature page: party, role, signatory name and title."""
    parties: list[tuple[str, str, set[str]]] = []
    if answers.applicant is not None:
        a = answers.applicant
        shown = " – ".join(safe_text(v) for v in (a.name, a.unit) if v and v.strip())
        parties.append((shown or NOT_ANSWERED, APPLICANT_ROLE, _names(a.name, a.unit)))
    for p in answers.partners or []:
        parties.append((text(p.name), PARTNER_ROLE, _names(p.name)))
    unused = list(answers.signatories or [])
    rows = []
    for party, role, names in parties:
        match = next((s for s in unused if _names(s.party) & names), None)
        if match is not None:
            unused.remove(match)
        rows.append(_signature_row(party, role, match))
    for signatory in unused:
        party = safe_text(signatory.party or "").strip() or NOT_ANSWERED
        rows.append(_signature_row(party, "", signatory))
    if not rows:
        rows.append(_signature_row("", APPLICANT_ROLE, None))
    return {"rows": rows}


def _signature_row(party: str, role: str, signatory: Any) -> dict[str, str]:
    """``who`` (party, role) and ``signer`` (name, title: empty lines when unknown)."""
    name = safe_text(getattr(signatory, "name", None) or "").strip()
    title = safe_text(getattr(signatory, "title", None) or "").strip()
    return {
        "party": party,
        "role": role,
        "name": name,
        "title": title,
        "who": "\n".join(v for v in (party, role) if v),
        "signer": "\n".join(v for v in (name, title) if v),
        "blank": "",
    }
