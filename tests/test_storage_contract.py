"""The storage contract: every backend must pass the same behaviour tests."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest

from storage import (
    FaqChanged,
    MemoryStore,
    PostgresStore,
    StorageError,
    Store,
    TinyStore,
    new_application_id,
)
from tests.test_storage_support import START, FakeClock, delivery, make_application, submit

BACKENDS = ["memory", "tiny", "postgres"]


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(params=BACKENDS)
def store(request, clock, tmp_path):
    if request.param == "memory":
        opened = MemoryStore(clock=clock)
    elif request.param == "tiny":
        opened = TinyStore(tmp_path / "data", clock=clock)
    else:
        opened = PostgresStore(request.getfixturevalue("postgres_url"), clock=clock)
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


def test_a_submission_stores_record_document_deliveries_and_ends_the_draft(store):
    store.save_draft("console:anna", {"step": "confirm"})
    submit(store, "app-1", document=b"PK-word-1", deliveries=[delivery("app-1")])
    app = store.get_application("app-1")
    assert app["answers"]["title"] == "Läxhjälp i Sandviken"
    assert app["submitted_at"] == "2026-11-23T09:00:00.000000+00:00"
    assert app["round"] == 1
    assert app["status_history"] == [
        {"status": "inskickad", "at": app["submitted_at"], "by": "console:anna"}
    ]
    assert store.get_document("app-1") == b"PK-word-1"
    assert [d["target"] for d in store.list_deliveries()] == [-100123]
    assert store.get_draft("console:anna") is None
    assert store.get_application("no-such-id") is None
    assert store.get_document("no-such-id") is None


def test_a_submission_may_leave_the_person_another_draft(store):
    submit(store, "app-1", next_draft={"state": {"mode": "done"}})
    assert store.get_draft("console:anna")["state"] == {"mode": "done"}


def test_a_second_round_replaces_the_record_and_keeps_each_document(store):
    submit(store, "app-1", document=b"round 1", deliveries=[delivery("app-1")])
    submit(
        store,
        "app-1",
        document=b"round 2",
        deliveries=[delivery("app-1", round=2)],
        round=2,
        verdict="ready",
    )
    app = store.get_application("app-1")
    assert (app["round"], app["verdict"]) == (2, "ready")
    assert store.get_document("app-1") == b"round 2"
    assert [d["round"] for d in store.list_deliveries()] == [1, 2]
    assert len(store.list_applications()) == 1


def test_the_same_submission_twice_changes_nothing_more(store):
    submit(store, "app-1", deliveries=[delivery("app-1")])
    submit(store, "app-1", deliveries=[delivery("app-1")])
    assert len(store.list_applications()) == 1
    assert len(store.list_deliveries()) == 1


def test_an_application_is_only_shown_to_its_owner_when_asked(store):
    submit(store, "app-1", user="telegram:5")
    assert store.get_application("app-1", user="telegram:5")["id"] == "app-1"
    assert store.get_application("app-1", user="telegram:6") is None
    assert store.get_application("app-1")["user"] == "telegram:5"  # coordinator view


@pytest.mark.parametrize("missing", ["id", "user", "fund", "answers", "verdict", "status"])
def test_an_incomplete_application_is_refused_by_name_and_nothing_changes(store, missing):
    store.save_draft("console:anna", {"step": "confirm"})
    app = make_application("app-1")
    del app[missing]
    with (
        store.draft_session("console:anna") as session,
        pytest.raises(StorageError, match=f"'{missing}' saknas"),
    ):
        session.submit(app, b"doc", [delivery("app-1")])
    assert store.list_applications() == []
    assert store.list_deliveries() == []
    assert store.get_draft("console:anna")["step"] == "confirm"


def test_a_record_that_cannot_be_stored_changes_nothing(store):
    store.save_draft("console:anna", {"step": "confirm"})
    with store.draft_session("console:anna") as session, pytest.raises(StorageError):
        session.submit(make_application("app-1", answers={"x": {1, 2}}), b"doc", [])
    assert store.list_applications() == []
    assert store.get_draft("console:anna")["step"] == "confirm"


def test_update_application_merges_and_returns_the_record(store):
    submit(store, "app-1")
    updated = store.update_application("app-1", {"note": "läst"})
    assert updated["note"] == "läst"
    assert updated["answers"]["title"] == "Läxhjälp i Sandviken"
    assert store.get_application("app-1") == updated


def test_update_of_an_unknown_application_or_its_id_fails(store):
    with pytest.raises(StorageError, match="ansökan nope: finns inte"):
        store.update_application("nope", {"status": "mottagen"})
    submit(store, "app-1")
    with pytest.raises(StorageError, match="id kan inte ändras"):
        store.update_application("app-1", {"id": "other"})


def test_applications_are_listed_newest_first_and_filtered(store):
    submit(store, "a", submitted_at=START + timedelta(hours=1))
    submit(store, "b", user="telegram:7", submitted_at=START + timedelta(hours=3))
    submit(store, "c", submitted_at=START + timedelta(hours=2))
    store.add_status_event("c", {"status": "mottagen", "by": "telegram:99"})

    assert [app["id"] for app in store.list_applications()] == ["b", "c", "a"]
    assert [app["id"] for app in store.list_applications(user="console:anna")] == ["c", "a"]
    assert [app["id"] for app in store.list_applications(status="mottagen")] == ["c"]
    assert store.list_applications(user="console:anna", status="avslag") == []


def test_a_status_event_changes_status_and_extends_the_history(store, clock):
    submit(store, "app-1")
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
    submit(store, "app-1")
    first = store.enqueue_delivery(delivery("app-1", payload={"text": "Ny ansökan"}))
    again = store.enqueue_delivery(delivery("app-1", payload={"text": "Ny ansökan igen"}))
    other_chat = store.enqueue_delivery(delivery("app-1", -100456))

    assert first == again
    assert other_chat != first
    deliveries = store.list_deliveries()
    assert [d["id"] for d in deliveries] == [first, other_chat]
    assert store.get_delivery(first)["payload"] == {"text": "Ny ansökan"}
    assert store.get_delivery(first)["target"] == -100123
    assert store.list_deliveries(application_id="nope") == []


def test_a_new_round_or_kind_is_a_separate_but_still_idempotent_delivery(store, clock):
    submit(store, "app-1")
    first = store.enqueue_delivery(delivery("app-1"))
    store.mark_delivered(first, clock.now)
    resubmitted = store.enqueue_delivery(delivery("app-1", round=2))
    notice = store.enqueue_delivery(delivery("app-1", kind="status", round=2))
    assert len({first, resubmitted, notice}) == 3
    assert store.enqueue_delivery(delivery("app-1", round=2)) == resubmitted
    claimed = store.claim_due(clock.now, owner="p1", lease=timedelta(minutes=5))
    assert [d["id"] for d in claimed] == [resubmitted, notice]


def test_delivery_for_an_unknown_application_is_refused(store):
    with pytest.raises(StorageError, match="ansökan ghost: finns inte"):
        store.enqueue_delivery(delivery("ghost"))
    with pytest.raises(StorageError, match="'channel' saknas"):
        store.enqueue_delivery({"application_id": "ghost", "target": 1, "kind": "x"})
    assert store.list_deliveries() == []


def test_a_claim_is_a_lease_that_keeps_others_off(store, clock):
    submit(store, "app-1")
    one = store.enqueue_delivery(delivery("app-1"))
    mail = store.enqueue_delivery(delivery("app-1", channel="email", target="s@example.se"))
    lease = timedelta(minutes=5)
    telegram = frozenset({"telegram"})
    assert [
        d["id"] for d in store.claim_due(clock.now, owner="p1", lease=lease, channels=telegram)
    ] == [one]
    assert store.claim_due(clock.now, owner="p2", lease=lease, channels=telegram) == []
    # The e-mail delivery is another channel's; a claim for every channel finds it.
    assert [d["id"] for d in store.claim_due(clock.now, owner="p2", lease=lease)] == [mail]
    # A crashed sender's claim runs out, and the delivery is due again for anybody.
    later = clock.now + lease + timedelta(seconds=1)
    again = store.claim_due(later, owner="p2", lease=lease, channels=telegram)
    assert [(d["id"], d["claimed_by"]) for d in again] == [(one, "p2")]


def test_retry_and_delivery_drive_what_is_due(store, clock):
    submit(store, "app-1")
    lease = timedelta(minutes=5)
    sent = store.enqueue_delivery(delivery("app-1"))
    assert [d["id"] for d in store.claim_due(clock.now, owner="p", lease=lease)] == [sent]

    store.mark_retry(sent, next_attempt=clock.now + timedelta(seconds=30), error="502")
    record = store.get_delivery(sent)
    assert (record["attempts"], record["last_error"], record["claimed_by"]) == (1, "502", None)
    assert store.claim_due(clock.now + timedelta(seconds=29), owner="p", lease=lease) == []
    assert len(store.claim_due(clock.now + timedelta(seconds=30), owner="p", lease=lease)) == 1

    store.mark_retry(sent, next_attempt=clock.now + timedelta(seconds=90), error="429")
    assert store.get_delivery(sent)["attempts"] == 2

    sent_at = clock.now + timedelta(seconds=95)
    store.mark_delivered(sent, sent_at)
    assert store.claim_due(sent_at + timedelta(days=1), owner="p", lease=lease) == []
    record = store.get_delivery(sent)
    assert record["status"] == "delivered"
    assert record["delivered_at"] == sent_at.isoformat(timespec="microseconds")

    # Enqueueing after delivery must not send it again, nor does a late outcome count.
    assert store.enqueue_delivery(delivery("app-1")) == sent
    store.mark_retry(sent, next_attempt=sent_at, error="late")
    assert store.get_delivery(sent)["status"] == "delivered"
    assert store.claim_due(sent_at + timedelta(days=1), owner="p", lease=lease) == []


def test_a_delivery_given_up_is_never_due_and_keeps_its_error(store, clock):
    submit(store, "app-1")
    refused = store.enqueue_delivery(delivery("app-1", channel="email", target="x@example.se"))
    store.mark_failed(refused, at=clock.now, error="550 no such user")
    record = store.get_delivery(refused)
    assert (record["status"], record["last_error"]) == ("failed", "550 no such user")
    assert store.claim_due(clock.now + timedelta(days=9), owner="p", lease=timedelta(1)) == []


def test_due_deliveries_come_earliest_first(store, clock):
    for name in ("a", "b", "c"):
        submit(store, name)
    first = store.enqueue_delivery(delivery("a"))
    second = store.enqueue_delivery(delivery("b"))
    third = store.enqueue_delivery(delivery("c"))
    store.mark_retry(first, next_attempt=clock.now + timedelta(minutes=10), error="timeout")
    store.mark_retry(second, next_attempt=clock.now + timedelta(minutes=5), error="timeout")
    due = store.claim_due(clock.now + timedelta(hours=1), owner="p", lease=timedelta(minutes=5))
    assert [d["id"] for d in due] == [third, second, first]


def test_unknown_delivery_ids_fail_clearly(store, clock):
    assert store.get_delivery("nope") is None
    with pytest.raises(StorageError, match="leverans nope: finns inte"):
        store.mark_delivered("nope", clock.now)
    with pytest.raises(StorageError, match="leverans nope: finns inte"):
        store.mark_retry("nope", next_attempt=clock.now, error="x")


# ----------------------------------------------------- unanswered questions
def test_unanswered_questions_oldest_first_deletable_and_purged(store):
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
    assert store.purge_unanswered(START) == 0
    assert store.purge_unanswered(START + timedelta(seconds=1)) == 1
    assert store.list_unanswered() == []


# --------------------------------------------------- staff FAQ, audit trail
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


def test_the_staff_faq_is_saved_with_its_audit_entry_and_a_new_version(store):
    assert store.get_staff_faq() is None and store.faq_version() is None
    first = store.save_staff_faq(
        "entries: []  # åäö\n", {"who": "cli:anna", "action": "import"}, expected_version=None
    )
    assert store.faq_version() == first
    assert store.get_staff_faq().text == "entries: []  # åäö\n"
    assert store.get_staff_faq().version == first
    second = store.save_staff_faq(
        "entries: [1]\n", {"who": "telegram:9", "action": "update"}, expected_version=first
    )
    assert second != first and store.faq_version() == second
    assert [a["who"] for a in store.list_audit()] == ["cli:anna", "telegram:9"]


def test_a_staff_faq_save_from_a_version_no_longer_current_is_refused(store):
    # Two staff read the FAQ at the same version; the second save must not overwrite
    # the first one's edit, and leaves neither text nor audit entry behind.
    read = store.save_staff_faq("entries: [0]\n", {"who": "cli:anna"}, expected_version=None)
    mine = store.save_staff_faq("entries: [1]\n", {"who": "telegram:9"}, expected_version=read)
    with pytest.raises(FaqChanged, match="ändrad av någon annan"):
        store.save_staff_faq("entries: [2]\n", {"who": "telegram:7"}, expected_version=read)
    with pytest.raises(FaqChanged):  # a first save when one exists is just as stale
        store.save_staff_faq("entries: [3]\n", {"who": "cli:bo"}, expected_version=None)
    with pytest.raises(FaqChanged):
        store.save_staff_faq("entries: [4]\n", {"who": "cli:bo"}, expected_version="x")
    assert store.faq_version() == mine
    assert store.get_staff_faq().text == "entries: [1]\n"
    assert [a["who"] for a in store.list_audit()] == ["cli:anna", "telegram:9"]


def test_of_staff_faq_saves_racing_from_one_version_exactly_one_wins(store):
    base = store.save_staff_faq("entries: []\n", {"who": "cli:anna"}, expected_version=None)
    start = threading.Barrier(4)

    def save(n: int) -> str:
        start.wait()
        try:
            store.save_staff_faq(f"entries: [{n}]\n", {"who": f"p{n}"}, expected_version=base)
        except FaqChanged:
            return "refused"
        return "saved"

    with ThreadPoolExecutor(4) as pool:
        outcomes = list(pool.map(save, range(4)))
    assert sorted(outcomes) == ["refused"] * 3 + ["saved"]
    [winner] = [a["who"] for a in store.list_audit()[1:]]
    assert store.get_staff_faq().text == f"entries: [{winner[1:]}]\n"


# ------------------------------------------------------------------- inbox
def test_the_inbox_keeps_updates_until_handled_oldest_first_once_each(store):
    store.inbox_add(12, {"update_id": 12, "message": {"text": "Läxhjälp"}})
    store.inbox_add(11, {"update_id": 11, "message": {"text": "/start"}})
    store.inbox_add(12, {"update_id": 12, "message": {"text": "ändrad"}})  # a repeat
    assert [u["update_id"] for u in store.inbox_pending()] == [11, 12]
    assert store.inbox_pending()[1]["message"]["text"] == "Läxhjälp"
    store.inbox_done(11)
    store.inbox_done(99)  # never kept: nothing happens
    assert [u["update_id"] for u in store.inbox_pending()] == [12]


# ------------------------------------------------------------ personal data
def test_delete_user_data_removes_drafts_and_questions_but_keeps_applications(store):
    store.save_draft("telegram:5", {"step": 3})
    store.save_draft("telegram:6", {"step": 1})
    store.add_unanswered("Fråga ett?", user="telegram:5", fund="gavleborg", at=START)
    store.add_unanswered("Fråga två?", user="telegram:5", fund="gavleborg", at=START)
    store.add_unanswered("Annans fråga?", user="telegram:6", fund="gavleborg", at=START)
    submit(store, "app-5", user="telegram:5", next_draft={"step": 4})

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


# ---------------------------------------------------------------- sessions
def test_one_persons_sessions_wait_for_each_other_and_nothing_is_lost(store):
    """Forty threads add one answer each to the same draft: every answer survives."""
    store.save_draft("telegram:1", {"answers": []})

    def add(number: int) -> None:
        with store.draft_session("telegram:1") as session:
            answers = session.draft["answers"]
            time.sleep(0.001)  # a read-modify-write that would lose updates unlocked
            session.save({"answers": [*answers, number]})

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(add, range(40)))
    assert sorted(store.get_draft("telegram:1")["answers"]) == list(range(40))


def test_different_people_do_not_wait_for_each_other(store):
    entered = threading.Event()
    release = threading.Event()

    def hold() -> None:
        with store.draft_session("telegram:1"):
            entered.set()
            release.wait(5)

    holder = threading.Thread(target=hold)
    holder.start()
    assert entered.wait(5)
    started = time.monotonic()
    store.save_draft("telegram:2", {"step": 1})  # not blocked by telegram:1's session
    assert time.monotonic() - started < 1
    release.set()
    holder.join()


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
