"""Two staff editing the FAQ at once (two Telegram threads, ``idebot faq import`` beside a
running bot, two processes on one database) lose neither edit, and the audit's ``before``
is the text that was really there.

Each test has two ``Idebot`` on one data folder (two processes). The first one's store
lets the second one's edit land at the worst moment: after the first has read the FAQ
and built its index, just before it saves.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bot.errors import Refused
from storage import TinyStore
from tests.support.core import make_core


class InterleavingStore(TinyStore):
    """A TinyStore that runs ``meanwhile`` once, just before its next FAQ save."""

    meanwhile: Callable[[], object] | None = None

    def save_staff_faq(self, text: str, audit: dict, *, expected_version: str | None) -> str:
        other, self.meanwhile = self.meanwhile, None
        if other is not None:
            other()
        return super().save_staff_faq(text, audit, expected_version=expected_version)


@pytest.fixture
def cores(tmp_path):
    data = tmp_path / "data"
    first_store, second_store = InterleavingStore(data), TinyStore(data)
    first = make_core(tmp_path, store=first_store)
    second = make_core(tmp_path, store=second_store)
    yield first, second, first_store
    first_store.close()
    second_store.close()


def changed(core, entry_id: str, answer: str) -> dict:
    data = core.staff.entry(entry_id).to_data()
    return {**data, "answer": answer}


def test_edits_of_two_entries_at_once_are_both_kept(cores):
    first, second, store = cores
    kontakt_before = first.staff.entry("kontakt").to_data()
    medfin_before = first.staff.entry("medfinansiering").to_data()
    store.meanwhile = lambda: second.faq_edit(
        "update", "medfinansiering", changed(second, "medfinansiering", "B:s svar."), by="b"
    )
    first.faq_edit("update", "kontakt", changed(first, "kontakt", "A:s svar."), by="a")

    for core in (first, second):  # both processes see both edits
        assert core.staff.entry("kontakt").answer == "A:s svar."
        assert core.staff.entry("medfinansiering").answer == "B:s svar."
    trail = [a for a in store.list_audit() if a["action"] == "update"]
    assert [(a["who"], a["entry_id"]) for a in trail] == [
        ("b", "medfinansiering"),
        ("a", "kontakt"),
    ]
    assert trail[0]["before"] == medfin_before
    assert trail[1]["before"] == kontakt_before
    assert trail[1]["after"]["answer"] == "A:s svar."


def test_an_edit_of_an_entry_someone_changed_meanwhile_is_refused_not_overwritten(cores):
    first, second, store = cores
    original = first.staff.entry("kontakt").to_data()
    store.meanwhile = lambda: second.faq_edit(
        "update", "kontakt", changed(second, "kontakt", "B:s svar."), by="b"
    )
    with pytest.raises(Refused, match="ändrades av någon annan medan du redigerade"):
        first.faq_edit("update", "kontakt", changed(first, "kontakt", "A:s svar."), by="a")

    assert first.staff.entry("kontakt").answer == "B:s svar."
    [update] = [a for a in store.list_audit() if a["action"] == "update"]
    assert (update["who"], update["before"]) == ("b", original)
    # Tried again on the FAQ as it is now, A's edit goes through, with B's text as before.
    first.faq_edit("update", "kontakt", changed(first, "kontakt", "A:s svar."), by="a")
    last = store.list_audit()[-1]
    assert (last["who"], last["before"]["answer"]) == ("a", "B:s svar.")
    assert second.staff.entry("kontakt").answer == "A:s svar."


def test_an_import_during_which_someone_edits_is_refused(cores):
    first, second, store = cores
    entries = list(first.faq_entries())
    store.meanwhile = lambda: second.faq_edit(
        "update", "kontakt", changed(second, "kontakt", "B:s svar."), by="b"
    )
    with pytest.raises(Refused, match="ändrades av någon annan"):
        first.faq_import(entries, by="cli:a", source="faq.yaml")

    assert first.staff.entry("kontakt").answer == "B:s svar."
    assert [a["action"] for a in store.list_audit()] == ["update"]
