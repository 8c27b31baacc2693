"""The storage contract: every backend must pass the same behaviour tests."""

from __future__ import annotations

from datetime import timedelta

import pytest

from storage import MemoryStore, StorageError, Store, TinyStore, new_application_id
from tests.test_storage_support import START, FakeClock, make_application

BACKENDS = ["memory", "tiny"]


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(params=BACKENDS)
def store(request, clock, tmp_path):
    if request.param == "memory":
        opened = MemoryStore(clock=clock)
    else:
        opened = TinyStore(tmp_path / "data", clock=clock)
    yield opened
    opened.close()


def test_backend_satisfies_the_protocol(store):
    assert isinstance(store, Store)


# ------------------------------------------------------------------ drafts
def test_draft_round_trip_is_a_stamped_copy(store, clock):
    draft = {"step": "title", "answers": {"title": "Läxhjälp", "budget": [{"year": 1}]}}
    store.save_draft("console:anna", draft)

    assert "updated_at" not in draft  # the caller's dict is left alone
    loaded = store.get_draft("console:anna")
    assert loaded["answers"] == draft["answers"]
    assert loaded["updated_at"] == START.isoformat(timespec="microseconds")

    loaded["answers"]["title"] = "ändrad"
    draft["answers"]["title"] = "också ändrad"
    assert store.get_draft("console:anna")["answers"]["title"] == "Läxhjälp"


def test_saving_again_replaces_the_draft_and_its_time(store, clock):
    store.save_draft("telegram:1", {"step": 1})
    later = clock.advance(minutes=5)
    store.save_draft("telegram:1", {"step": 2})

    loaded = store.get_draft("telegram:1")
    assert loaded["step"] == 2
    assert loaded["updated_at"] == later.isoformat(timespec="microseconds")
    assert store.count_drafts() == 1


def test_drafts_are_kept_apart_per_user(store):
    store.save_draft("console:anna", {"who": "anna"})
    store.save_draft("console:bo", {"who": "bo"})
    assert store.get_draft("console:anna")["who"] == "anna"
    assert store.get_draft("console:bo")["who"] == "bo"
    assert store.get_draft("console:cecilia") is None
    assert store.count_drafts() == 2


def test_delete_draft_says_whether_there_was_one(store):
    store.save_draft("console:anna", {"step": 1})
    assert store.delete_draft("console:anna") is True
    assert store.delete_draft("console:anna") is False
    assert store.get_draft("console:anna") is None
    assert store.count_drafts() == 0


def test_purge_deletes_only_drafts_untouched_since_the_limit(store, clock):
    store.save_draft("old:1", {"n": 1})
    store.save_draft("old:2", {"n": 2})
    clock.advance(days=100)
    store.save_draft("fresh", {"n": 3})
    clock.advance(days=100)
    store.save_draft("old:2", {"n": 22})  # touched again: no longer old

    removed = store.purge_drafts(START + timedelta(days=50))

    assert removed == 1
    assert store.get_draft("old:1") is None
    assert store.get_draft("old:2")["n"] == 22
    assert store.get_draft("fresh")["n"] == 3
    assert store.count_drafts() == 2
    assert store.purge_drafts(START + timedelta(days=50)) == 0


def test_draft_values_are_stored_as_json(store):
    store.save_draft("console:anna", {"start": START, "tags": ("a", "b")})
    loaded = store.get_draft("console:anna")
    assert loaded["start"] == "2026-11-23T09:00:00.000000+00:00"
    assert loaded["tags"] == ["a", "b"]
    with pytest.raises(StorageError, match="utkast console:anna"):
        store.save_draft("console:anna", {"bad": {1, 2}})
    assert store.get_draft("console:anna")["tags"] == ["a", "b"]


@pytest.mark.parametrize("user", ["", "   ", None, 123])
def test_a_user_key_must_be_a_non_empty_string(store, user):
    with pytest.raises(StorageError, match="användarnyckel"):
        store.save_draft(user, {})


# ------------------------------------------------------------ applications
def test_application_ids_are_unguessable():
    ids = {new_application_id() for _ in range(2000)}
    assert len(ids) == 2000
    assert all(len(value) >= 22 and value.isascii() and " " not in value for value in ids)


def test_application_round_trip_with_initial_history(store):
    store.add_application(make_application("app-1"))
    app = store.get_application("app-1")
    assert app["answers"]["title"] == "Läxhjälp i Sandviken"
    assert app["submitted_at"] == "2026-11-23T09:00:00.000000+00:00"
    assert app["status_history"] == [
        {"status": "inskickad", "at": app["submitted_at"], "by": "console:anna", "comment": None}
    ]
    assert store.get_application("no-such-id") is None


def test_an_application_is_only_shown_to_its_owner_when_asked(store):
    store.add_application(make_application("app-1", user="telegram:5"))
    assert store.get_application("app-1", user="telegram:5")["id"] == "app-1"
    assert store.get_application("app-1", user="telegram:6") is None
    assert store.get_application("app-1")["user"] == "telegram:5"  # coordinator view


@pytest.mark.parametrize("missing", ["id", "user", "fund", "answers", "verdict", "status"])
def test_an_incomplete_application_is_refused_by_name(store, missing):
    app = make_application("app-1")
    del app[missing]
    with pytest.raises(StorageError, match=f"'{missing}' saknas"):
        store.add_application(app)
    assert store.list_applications() == []


def test_an_application_id_cannot_be_used_twice(store):
    store.add_application(make_application("app-1"))
    with pytest.raises(StorageError, match="finns redan"):
        store.add_application(make_application("app-1", user="console:bo"))
    assert store.get_application("app-1")["user"] == "console:anna"


def test_update_application_merges_and_returns_the_record(store):
    store.add_application(make_application("app-1"))
    updated = store.update_application("app-1", {"document": "data/applications/app-1.docx"})
    assert updated["document"] == "data/applications/app-1.docx"
    assert updated["answers"]["title"] == "Läxhjälp i Sandviken"
    assert store.get_application("app-1") == updated


def test_update_of_an_unknown_application_or_its_id_fails(store):
    with pytest.raises(StorageError, match="ansökan nope: finns inte"):
        store.update_application("nope", {"status": "mottagen"})
    store.add_application(make_application("app-1"))
    with pytest.raises(StorageError, match="id kan inte ändras"):
        store.update_application("app-1", {"id": "other"})


def test_applications_are_listed_newest_first_and_filtered(store):
    store.add_application(make_application("a", submitted_at=START + timedelta(hours=1)))
    store.add_application(
        make_application("b", user="telegram:7", submitted_at=START + timedelta(hours=3))
    )
    store.add_application(make_application("c", submitted_at=START + timedelta(hours=2)))
    store.add_status_event("c", {"status": "mottagen", "by": "telegram:99"})

    assert [app["id"] for app in store.list_applications()] == ["b", "c", "a"]
    assert [app["id"] for app in store.list_applications(user="console:anna")] == ["c", "a"]
    assert [app["id"] for app in store.list_applications(status="mottagen")] == ["c"]
    assert store.list_applications(user="console:anna", status="avslag") == []


def test_a_status_event_changes_status_and_extends_the_history(store, clock):
    store.add_application(make_application("app-1"))
    clock.advance(days=2)
    updated = store.add_status_event(
        "app-1",
        {"status": "komplettering", "by": "telegram:99", "comment": "Komplettera budgeten."},
    )
    assert updated["status"] == "komplettering"
    assert [event["status"] for event in updated["status_history"]] == [
        "inskickad",
        "komplettering",
    ]
    last = updated["status_history"][-1]
    assert last["by"] == "telegram:99"
    assert last["comment"] == "Komplettera budgeten."
    assert last["at"] == clock.now.isoformat(timespec="microseconds")
    assert store.get_application("app-1")["status"] == "komplettering"

    with pytest.raises(StorageError, match="finns inte"):
        store.add_status_event("nope", {"status": "avslag"})
    with pytest.raises(StorageError, match="'status' saknas"):
        store.add_status_event("app-1", {"comment": "utan status"})


# ------------------------------------------------------------------ outbox
def test_enqueueing_twice_gives_one_delivery(store):
    store.add_application(make_application("app-1"))
    first = store.enqueue_delivery("app-1", -100123, {"text": "Ny ansökan"})
    again = store.enqueue_delivery("app-1", -100123, {"text": "Ny ansökan igen"})
    other_chat = store.enqueue_delivery("app-1", -100456, {"text": "Ny ansökan"})

    assert first == again
    assert other_chat != first
    deliveries = store.list_deliveries()
    assert [d["id"] for d in deliveries] == [first, other_chat]
    assert store.get_delivery(first)["payload"] == {"text": "Ny ansökan"}
    assert store.get_delivery(first)["chat_id"] == -100123


def test_a_key_makes_a_separate_but_still_idempotent_delivery(store, clock):
    store.add_application(make_application("app-1"))
    first = store.enqueue_delivery("app-1", 42, {"round": 0})
    store.mark_delivered(first, clock.now)
    resubmitted = store.enqueue_delivery("app-1", 42, {"round": 1}, key="komplettering-1")
    assert resubmitted != first
    assert store.enqueue_delivery("app-1", 42, {"round": 9}, key="komplettering-1") == resubmitted
    assert [d["id"] for d in store.due_deliveries(clock.now)] == [resubmitted]
    assert store.get_delivery(resubmitted)["payload"] == {"round": 1}
    assert store.get_delivery(resubmitted)["key"] == "komplettering-1"


def test_delivery_for_an_unknown_application_is_refused(store):
    with pytest.raises(StorageError, match="ansökan ghost: finns inte"):
        store.enqueue_delivery("ghost", 1, {})
    assert store.list_deliveries() == []


def test_retry_and_delivery_drive_what_is_due(store, clock):
    store.add_application(make_application("app-1"))
    delivery = store.enqueue_delivery("app-1", 42, {"text": "x"})
    assert [d["id"] for d in store.due_deliveries(clock.now)] == [delivery]

    store.mark_retry(delivery, next_attempt=clock.now + timedelta(seconds=30), error="502")
    record = store.get_delivery(delivery)
    assert record["attempts"] == 1
    assert record["last_error"] == "502"
    assert store.due_deliveries(clock.now + timedelta(seconds=29)) == []
    assert len(store.due_deliveries(clock.now + timedelta(seconds=30))) == 1

    store.mark_retry(delivery, next_attempt=clock.now + timedelta(seconds=90), error="429")
    assert store.get_delivery(delivery)["attempts"] == 2

    sent_at = clock.now + timedelta(seconds=95)
    store.mark_delivered(delivery, sent_at)
    assert store.due_deliveries(sent_at + timedelta(days=1)) == []
    record = store.get_delivery(delivery)
    assert record["status"] == "delivered"
    assert record["delivered_at"] == sent_at.isoformat(timespec="microseconds")

    # Enqueueing after delivery must not send it again.
    assert store.enqueue_delivery("app-1", 42, {"text": "x"}) == delivery
    assert store.due_deliveries(sent_at + timedelta(days=1)) == []
    with pytest.raises(StorageError, match="redan levererad"):
        store.mark_retry(delivery, next_attempt=sent_at, error="late")


def test_due_deliveries_come_earliest_first(store, clock):
    for name in ("a", "b", "c"):
        store.add_application(make_application(name))
    first = store.enqueue_delivery("a", 1, {})
    second = store.enqueue_delivery("b", 1, {})
    third = store.enqueue_delivery("c", 1, {})
    store.mark_retry(first, next_attempt=clock.now + timedelta(minutes=10), error="timeout")
    store.mark_retry(second, next_attempt=clock.now + timedelta(minutes=5), error="timeout")
    due = store.due_deliveries(clock.now + timedelta(hours=1))
    assert [d["id"] for d in due] == [third, second, first]


def test_unknown_delivery_ids_fail_clearly(store, clock):
    assert store.get_delivery("nope") is None
    with pytest.raises(StorageError, match="leverans nope: finns inte"):
        store.mark_delivered("nope", clock.now)
    with pytest.raises(StorageError, match="leverans nope: finns inte"):
        store.mark_retry("nope", next_attempt=clock.now, error="x")


# ----------------------------------------------------- unanswered questions
def test_unanswered_questions_oldest_first_and_deletable(store):
    late = store.add_unanswered(
        "Får vi söka för en förening?", user="telegram:5", fund="gavleborg", at=START
    )
    early = store.add_unanswered(
        "Vad är en SROI?", user="console:anna", fund="blekinge", at=START - timedelta(hours=1)
    )
    listed = store.list_unanswered()
    assert [q["id"] for q in listed] == [early, late]
    assert listed[1] == {
        "id": late,
        "question": "Får vi söka för en förening?",
        "user": "telegram:5",
        "fund": "gavleborg",
        "at": "2026-11-23T09:00:00.000000+00:00",
    }
    assert store.delete_unanswered(early) is True
    assert store.delete_unanswered(early) is False
    assert [q["id"] for q in store.list_unanswered()] == [late]


# -------------------------------------------------------------- audit trail
def test_audit_trail_keeps_order_and_content(store, clock):
    store.add_audit(
        {"who": "telegram:9", "action": "create", "entry_id": "sroi", "after": {"q": 1}}
    )
    clock.advance(minutes=1)
    store.add_audit(
        {"who": "telegram:9", "action": "update", "entry_id": "sroi", "before": {"q": 1}}
    )
    trail = store.list_audit()
    assert [entry["action"] for entry in trail] == ["create", "update"]
    assert trail[0]["after"] == {"q": 1}
    assert trail[0]["at"] == START.isoformat(timespec="microseconds")
    assert trail[1]["at"] == clock.now.isoformat(timespec="microseconds")


# ------------------------------------------------------------ personal data
def test_delete_user_data_removes_drafts_and_questions_but_keeps_applications(store):
    store.save_draft("telegram:5", {"step": 3})
    store.save_draft("telegram:6", {"step": 1})
    store.add_unanswered("Fråga ett?", user="telegram:5", fund="gavleborg", at=START)
    store.add_unanswered("Fråga två?", user="telegram:5", fund="gavleborg", at=START)
    store.add_unanswered("Annans fråga?", user="telegram:6", fund="gavleborg", at=START)
    store.add_application(make_application("app-5", user="telegram:5"))

    counts = store.delete_user_data("telegram:5")

    assert counts == {"drafts": 1, "unanswered": 2, "applications_kept": 1}
    assert store.get_draft("telegram:5") is None
    assert store.get_draft("telegram:6") is not None
    assert [q["question"] for q in store.list_unanswered()] == ["Annans fråga?"]
    assert store.get_application("app-5")["user"] == "telegram:5"
    assert store.delete_user_data("telegram:5") == {
        "drafts": 0,
        "unanswered": 0,
        "applications_kept": 1,
    }


# ---------------------------------------------------------------- lifecycle
def test_a_closed_store_refuses_work(store):
    store.close()
    with pytest.raises(StorageError, match="stängd"):
        store.get_draft("console:anna")
    store.close()  # closing twice is harmless


def test_store_is_a_context_manager(store):
    with store as same:
        same.save_draft("console:anna", {"step": 1})
    with pytest.raises(StorageError):
        store.count_drafts()
