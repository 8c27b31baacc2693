"""TinyStore on a real folder: persistence, the lock, damaged files, retention, layout."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from datetime import timedelta
from pathlib import Path

import pytest

from bot.settings import load_settings
from storage import StorageError, TinyStore, open_store
from tests.test_storage_support import START, FakeClock, delivery, submit


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def data_dir(tmp_path) -> Path:
    return tmp_path / "data"


def draft_files(data_dir: Path) -> list[Path]:
    return sorted((data_dir / "drafts").glob("*/*.json"))


def test_everything_survives_a_restart(data_dir, clock):
    lease = timedelta(minutes=5)
    with TinyStore(data_dir, clock=clock) as store:
        store.save_draft("console:anna", {"answers": {"title": "Läxhjälp åäö"}})
        store.save_draft("telegram:7", {"answers": {}})
        submit(store, "app-1", user="telegram:8", document=b"PK-1", deliveries=[delivery("app-1")])
        [sent] = store.claim_due(START, owner="p", lease=lease)
        store.mark_retry(sent["id"], next_attempt=START + timedelta(minutes=1), error="502")
        question = store.add_unanswered(
            "Vad är SROI?", user="telegram:7", fund="blekinge", at=START
        )
        store.add_audit({"who": "telegram:9", "action": "create", "entry_id": "sroi"})
        version = store.save_staff_faq(
            "entries: []\n", {"who": "cli:anna", "action": "import"}, expected_version=None
        )

    with TinyStore(data_dir, clock=clock) as store:
        assert store.count_drafts() == 2
        assert store.get_draft("console:anna")["answers"]["title"] == "Läxhjälp åäö"
        assert store.get_application("app-1")["status"] == "inskickad"
        assert store.get_document("app-1") == b"PK-1"
        assert store.get_delivery(sent["id"])["attempts"] == 1
        assert store.claim_due(START, owner="p", lease=lease) == []
        assert len(store.claim_due(START + timedelta(minutes=1), owner="p", lease=lease)) == 1
        # The outbox stays idempotent across a restart.
        assert store.enqueue_delivery(delivery("app-1")) == sent["id"]
        assert len(store.list_deliveries()) == 1
        assert [q["id"] for q in store.list_unanswered()] == [question]
        assert [a["who"] for a in store.list_audit()] == ["telegram:9", "cli:anna"]
        assert store.faq_version() == version


def test_everything_written_is_private_to_the_deployment(data_dir):
    with TinyStore(data_dir) as store:
        store.save_draft("console:anna", {"step": 1})
        submit(store, "app-1", deliveries=[delivery("app-1")])
        store.add_unanswered("Fråga?", user="console:anna", fund="gavleborg", at=START)
        store.save_staff_faq("entries: []\n", {"who": "cli:anna"}, expected_version=None)
    for path in [data_dir, *data_dir.rglob("*")]:
        mode = path.stat().st_mode & 0o777
        assert mode == (0o700 if path.is_dir() else 0o600), (path, oct(mode))


def test_one_small_file_per_draft_named_without_personal_data(data_dir):
    with TinyStore(data_dir) as store:
        for n in range(20):
            store.save_draft(f"telegram:{n}", {"n": n})
        files = draft_files(data_dir)
        assert len(files) == 20
        assert not any("telegram" in str(path) for path in files)
        before = {path: path.stat().st_ino for path in files}

        store.save_draft("telegram:3", {"n": 333})

        after = {path: path.stat().st_ino for path in draft_files(data_dir)}
        changed = [path for path in files if before[path] != after[path]]
        assert len(changed) == 1  # only that user's file was rewritten
        assert json.loads(changed[0].read_text("utf-8"))["draft"]["n"] == 333


def test_two_stores_on_one_folder_see_each_others_writes(data_dir):
    # The bot and a coordinator's `idebot status` beside it: both open the folder.
    bot, cli = TinyStore(data_dir), TinyStore(data_dir)
    submit(bot, "app-1")
    cli.add_status_event("app-1", {"status": "mottagen", "by": "cli:emma"})
    assert bot.get_application("app-1")["status"] == "mottagen"
    cli.save_draft("telegram:1", {"step": 2})
    assert bot.get_draft("telegram:1")["step"] == 2
    bot.close()
    cli.close()


WRITER = textwrap.dedent(
    """
    import sys
    from storage import TinyStore
    store = TinyStore(sys.argv[1])
    name = sys.argv[2]
    for n in range(40):
        app = {"id": f"{name}-{n}", "user": f"telegram:{name}{n}", "fund": "gavleborg",
               "answers": {}, "findings": [], "verdict": "ready", "status": "inskickad",
               "submitted_at": "2026-11-23T09:00:00+00:00"}
        delivery = {"application_id": app["id"], "channel": "telegram", "target": 1,
                    "kind": "application"}
        with store.draft_session(app["user"]) as session:
            session.submit(app, b"doc", [delivery])
        store.add_unanswered(f"{name} {n}?", user="x", fund="gavleborg",
                             at=__import__("datetime").datetime(2026, 11, 23))
        with store.draft_session("telegram:shared") as session:
            seen = (session.draft or {}).get("seen", [])
            session.save({"seen": [*seen, f"{name}-{n}"]})
    store.close()
    """
)


def test_two_processes_writing_at_once_lose_nothing(data_dir):
    TinyStore(data_dir).close()
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(data_dir), name], stderr=subprocess.PIPE
        )
        for name in ("a", "b")
    ]
    for writer in writers:
        assert writer.wait(timeout=120) == 0, writer.stderr.read().decode()
    with TinyStore(data_dir) as store:
        apps = {app["id"] for app in store.list_applications()}
        assert apps == {f"{name}-{n}" for name in "ab" for n in range(40)}
        assert len(store.list_deliveries()) == 80
        assert len(store.list_unanswered()) == 80
        assert len(store.get_draft("telegram:shared")["seen"]) == 80


def test_a_damaged_table_file_is_named_and_nothing_is_dropped(data_dir):
    with TinyStore(data_dir) as store:
        submit(store, "app-1", user="console:x")
        submit(store, "app-2", user="console:y")
        store.save_draft("console:anna", {"step": 4})
    applications = data_dir / "applications.json"
    intact = applications.read_bytes()
    applications.write_bytes(intact[: len(intact) // 2])  # a non-atomic tool was killed

    with pytest.raises(StorageError, match=r"applications\.json: filen är skadad"):
        TinyStore(data_dir)
    assert applications.read_bytes() == intact[: len(intact) // 2]  # left for repair

    applications.write_bytes(intact)  # once repaired, everything is there
    with TinyStore(data_dir) as store:
        assert [app["id"] for app in store.list_applications()] == ["app-2", "app-1"]
        assert store.get_draft("console:anna")["step"] == 4


@pytest.mark.parametrize("content", [b"", b"[1, 2]", b'{"outbox": {"1": 5}}', b"\xff\xfe"])
def test_a_table_file_of_the_wrong_shape_is_refused(data_dir, content):
    data_dir.mkdir()
    (data_dir / "outbox.json").write_bytes(content)
    with pytest.raises(StorageError, match=r"outbox\.json"):
        TinyStore(data_dir)


def test_a_damaged_draft_is_named_and_other_drafts_stay(data_dir):
    with TinyStore(data_dir) as store:
        store.save_draft("console:anna", {"step": 1})
        store.save_draft("console:bo", {"step": 2})
    anna = next(p for p in draft_files(data_dir) if "anna" in p.read_text("utf-8"))
    anna.write_text('{"user": "console:anna", "draft": {"st', encoding="utf-8")

    with TinyStore(data_dir) as store:
        assert store.count_drafts() == 2
        with pytest.raises(StorageError, match=str(anna.name)):
            store.get_draft("console:anna")
        assert store.get_draft("console:bo")["step"] == 2
        assert store.delete_draft("console:anna") is True  # the way out for that person
        assert store.count_drafts() == 1


def test_leftover_temporary_files_are_cleaned_on_open(data_dir):
    with TinyStore(data_dir) as store:
        store.save_draft("console:anna", {"step": 1})
    shard = draft_files(data_dir)[0].parent
    (shard / ".abc.json.x1.tmp").write_text('{"half', encoding="utf-8")
    (data_dir / ".outbox.json.x2.tmp").write_text("{", encoding="utf-8")

    with TinyStore(data_dir) as store:
        assert store.count_drafts() == 1
    assert not list(data_dir.rglob("*.tmp"))


def test_a_data_dir_that_is_a_file_gives_a_storage_error(tmp_path):
    blocker = tmp_path / "data"
    blocker.write_text("not a folder", encoding="utf-8")
    with pytest.raises(StorageError, match="är en fil, inte en mapp"):
        TinyStore(blocker)


# --------------------------------------------------------------- retention
def test_open_store_deletes_drafts_past_retention_and_keeps_applications(data_dir, clock):
    with TinyStore(data_dir, clock=clock) as store:
        submit(store, "app-old", user="telegram:old", next_draft={"step": 1})
        clock.advance(days=100)
        store.save_draft("telegram:recent", {"step": 2})

    clock.advance(days=90)  # old: 190 days untouched, recent: 90 days
    with open_store(data_dir, retention_days=180, clock=clock) as store:
        assert store.get_draft("telegram:old") is None
        assert store.get_draft("telegram:recent")["step"] == 2
        assert store.count_drafts() == 1
        assert store.get_application("app-old") is not None
    assert len(draft_files(data_dir)) == 1


def test_open_store_takes_folder_and_retention_from_settings(tmp_path, clock):
    settings = load_settings(data_dir=tmp_path / "elsewhere", draft_retention_days=7)
    with TinyStore(settings.data_dir, clock=clock) as store:
        store.save_draft("console:anna", {"step": 1})
        clock.advance(days=6)
        store.save_draft("console:bo", {"step": 1})
    clock.advance(days=2)
    with open_store(settings, clock=clock) as store:
        assert store.get_draft("console:anna") is None
        assert store.get_draft("console:bo") is not None


def test_open_store_uses_the_environment_folder_by_default(tmp_path):
    # conftest points IDEBOT_DATA_DIR at tmp_path/data.
    with open_store(load_settings()) as store:
        store.save_draft("console:anna", {"step": 1})
    assert len(draft_files(tmp_path / "data")) == 1


def test_open_store_refuses_a_silly_retention(data_dir):
    with pytest.raises(StorageError, match="retention_days"):
        open_store(data_dir, retention_days=0)


def test_purge_trusts_the_content_not_a_touched_file_time(data_dir, clock):
    with TinyStore(data_dir, clock=clock) as store:
        store.save_draft("console:anna", {"step": 1})
    os.utime(draft_files(data_dir)[0], (0, 0))  # e.g. restored from a backup
    with TinyStore(data_dir, clock=clock) as store:
        assert store.purge_drafts(START - timedelta(days=1)) == 0
        assert store.get_draft("console:anna")["step"] == 1


def test_purge_keeps_a_damaged_old_draft_rather_than_dropping_it(data_dir, clock):
    with TinyStore(data_dir, clock=clock) as store:
        store.save_draft("console:anna", {"step": 1})
        store.save_draft("console:bo", {"step": 1})
    damaged = draft_files(data_dir)[0]
    stat = damaged.stat()
    damaged.write_text("{", encoding="utf-8")
    os.utime(damaged, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    with TinyStore(data_dir, clock=clock) as store:
        assert store.purge_drafts(START + timedelta(days=1)) == 1
        assert store.count_drafts() == 1
    assert draft_files(data_dir) == [damaged]


def test_count_and_purge_read_only_the_file_times_of_fresh_drafts(data_dir, clock):
    with TinyStore(data_dir, clock=clock) as store:
        for n in range(5):
            store.save_draft(f"telegram:{n}", {"n": n})
    for path in draft_files(data_dir):  # unreadable content, same file times
        stat = path.stat()
        path.write_text("not json", encoding="utf-8")
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    with TinyStore(data_dir, clock=clock) as store:
        assert store.count_drafts() == 5
        assert store.purge_drafts(START - timedelta(seconds=1)) == 0
