"""What only the database store has to prove: two processes on one database.

Two ``PostgresStore`` instances on one database are two processes as far as the server
is concerned (separate pools, separate connections); the killed submission is a real
process killed with SIGKILL. The contract itself is tested in test_storage_contract.py.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import psycopg
import pytest

from storage import PostgresStore, StorageError, open_store, utc_now
from storage.postgres.schema import VERSION_TABLE, migrations
from tests.test_storage_support import delivery, submit

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def two(postgres_url):
    """Two stores on one database, as two bot processes would have."""
    first, second = PostgresStore(postgres_url), PostgresStore(postgres_url)
    yield first, second
    first.close()
    second.close()


def test_a_persons_lock_holds_across_processes_and_the_second_reads_the_first_ones_draft(two):
    first, second = two
    first.save_draft("telegram:1", {"answers": ["a"]})
    inside = threading.Event()
    release = threading.Event()
    seen: list = []

    def hold() -> None:
        with first.draft_session("telegram:1") as session:
            inside.set()
            release.wait(10)
            session.save({"answers": [*session.draft["answers"], "b"]})

    def follow() -> None:
        with second.draft_session("telegram:1") as session:
            seen.append(session.draft["answers"])
            session.save({"answers": [*session.draft["answers"], "c"]})

    holder = threading.Thread(target=hold)
    holder.start()
    assert inside.wait(10)
    follower = threading.Thread(target=follow)
    follower.start()
    follower.join(0.5)
    assert follower.is_alive(), "the second process went in while the first held the lock"
    assert second.get_draft("telegram:1")["answers"] == ["a"]  # reads never wait
    release.set()
    holder.join(10)
    follower.join(10)
    assert seen == [["a", "b"]]
    assert first.get_draft("telegram:1")["answers"] == ["a", "b", "c"]


def test_inputs_of_one_person_through_two_processes_are_each_applied_once(two):
    first, second = two
    first.save_draft("telegram:1", {"answers": []})

    def add(number: int) -> None:
        store = first if number % 2 else second
        with store.draft_session("telegram:1") as session:
            answers = session.draft["answers"]
            time.sleep(0.002)  # a read-modify-write that would lose updates unlocked
            session.save({"answers": [*answers, number]})

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(add, range(60)))
    assert sorted(first.get_draft("telegram:1")["answers"]) == list(range(60))


def test_two_owners_claiming_at_once_never_get_the_same_delivery(two):
    first, _ = two
    for number in range(30):
        submit(
            first,
            f"app-{number}",
            user=f"telegram:{number}",
            deliveries=[delivery(f"app-{number}")],
        )
    claims: dict[str, list[str]] = {"p1": [], "p2": []}
    start = threading.Barrier(2)

    def drain(store: PostgresStore, owner: str) -> None:
        start.wait()
        while batch := store.claim_due(utc_now(), owner=owner, lease=timedelta(minutes=5), limit=3):
            claims[owner] += [record["id"] for record in batch]
            assert all(record["claimed_by"] == owner for record in batch)

    threads = [
        threading.Thread(target=drain, args=(s, o)) for s, o in zip(two, claims, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    every = claims["p1"] + claims["p2"]
    assert len(every) == len(set(every)) == 30
    assert claims["p1"] and claims["p2"], "one owner claimed everything: no race happened"
    by_owner = {d["id"]: d["claimed_by"] for d in first.list_deliveries()}
    assert all(by_owner[i] == "p1" for i in claims["p1"])


def test_what_one_process_submits_or_edits_the_other_reads(two):
    first, second = two
    submit(first, "app-1", document=b"PK-dokument", deliveries=[delivery("app-1")])
    assert second.get_document("app-1") == b"PK-dokument"
    assert [a["id"] for a in second.list_applications()] == ["app-1"]
    assert second.faq_version() is None
    audit = {"who": "telegram:9", "action": "update"}
    version = first.save_staff_faq("entries: []\n", audit, expected_version=None)
    assert second.faq_version() == version
    assert second.get_staff_faq().text == "entries: []\n"


def test_processes_starting_together_create_the_schema_once(postgres_url):
    with ThreadPoolExecutor(4) as pool:
        stores = list(pool.map(lambda _: PostgresStore(postgres_url), range(4)))
    for store in stores:
        store.close()
    with psycopg.connect(postgres_url) as conn:
        versions = conn.execute(f"SELECT version FROM {VERSION_TABLE}").fetchall()
    assert [row[0] for row in versions] == [m.number for m in migrations()]


def test_a_database_newer_than_the_code_is_refused(postgres_url):
    PostgresStore(postgres_url).close()
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute(f"INSERT INTO {VERSION_TABLE} (version, name) VALUES (999, 'framtid')")
    with pytest.raises(StorageError, match=r"schemaversion 999.*uppdatera Idébot"):
        PostgresStore(postgres_url)


def test_the_audit_trail_cannot_be_changed_even_in_sql(postgres_url):
    with PostgresStore(postgres_url) as store:
        store.add_audit({"who": "telegram:9", "action": "create"})
    with psycopg.connect(postgres_url) as conn, pytest.raises(psycopg.Error, match="utökas"):
        conn.execute("DELETE FROM audit")


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("mysql://x@localhost/idebot", "en adress som postgresql://"),
        ("postgresql://x@localhost:notaport/idebot", "ett portnummer väntades"),
        ("postgresql://x@localhost/idebot?färg=blå", "ogiltig adress"),
        ("postgresql://idebot:hemligt@127.0.0.1:1/idebot", "tar inte emot anslutningar"),
    ],
)
def test_a_bad_or_unreachable_database_is_one_swedish_line(url, reason):
    with pytest.raises(StorageError) as caught:
        PostgresStore(url)
    message = str(caught.value)
    assert message.startswith("IDEBOT_DATABASE_URL: ")
    assert reason in message
    assert "hemligt" not in message and "\n" not in message


def test_the_cli_names_the_setting_and_exits_2(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "bot", "inkorg"],
        env={"IDEBOT_DATABASE_URL": "postgresql://idebot:hemligt@127.0.0.1:1/idebot", "PATH": ""},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        "idebot: IDEBOT_DATABASE_URL: kan inte ansluta till databasen 127.0.0.1:1/idebot "
        "(servern tar inte emot anslutningar)"
    ]


def test_open_store_picks_the_database_when_configured(postgres_url, tmp_path):
    class Settings:
        database_url = postgres_url
        data_dir = tmp_path / "data"
        draft_retention_days = 180

    with open_store(Settings()) as store:
        assert isinstance(store, PostgresStore)
    assert not (tmp_path / "data").exists()  # nothing written beside the database


def test_a_server_restart_costs_no_call_an_error(postgres_server, postgres_url):
    with PostgresStore(postgres_url) as store:
        store.save_draft("telegram:1", {"step": 1})
        postgres_server.restart()
        assert store.get_draft("telegram:1")["step"] == 1
        store.save_draft("telegram:1", {"step": 2})
        assert store.get_draft("telegram:1")["step"] == 2


# ------------------------------------------------ a submission killed mid-transaction
WRITER = textwrap.dedent(
    """
    import sys
    from storage import PostgresStore
    from tests.test_storage_support import delivery, make_application

    store = PostgresStore(sys.argv[1])
    store.save_draft("telegram:1", {"step": "confirm"})
    print("ready", flush=True)
    sys.stdin.readline()
    deliveries = [delivery("app-1", target=-100 - n) for n in range(300)]
    with store.draft_session("telegram:1") as session:
        session.submit(make_application("app-1", user="telegram:1"), b"PK" * 20_000_000,
                       deliveries, next_draft={"step": "done"})
    print("committed", flush=True)
    """
)


def _writer_holds_an_uncommitted_application(conn: psycopg.Connection) -> bool:
    row = conn.execute(
        "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
        " WHERE a.application_name = 'killed-writer' AND l.mode = 'RowExclusiveLock'"
        " AND l.relation = to_regclass('applications')"
    ).fetchone()
    return row[0] > 0


def test_a_submission_killed_mid_transaction_leaves_nothing(postgres_url):
    url = f"{postgres_url}&application_name=killed-writer"
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, url],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        assert writer.stdout.readline().strip() == "ready", writer.stderr.read()
        with psycopg.connect(postgres_url, autocommit=True) as watcher:
            writer.stdin.write("go\n")
            writer.stdin.flush()
            deadline = time.monotonic() + 30
            while not _writer_holds_an_uncommitted_application(watcher):
                assert time.monotonic() < deadline and writer.poll() is None, writer.stderr.read()
                time.sleep(0.001)
            writer.send_signal(signal.SIGKILL)  # the application is written, the rest not yet
    finally:
        writer.kill()
        writer.wait(30)
    assert writer.returncode == -signal.SIGKILL

    with PostgresStore(postgres_url) as store:
        assert store.get_application("app-1") is None
        assert store.get_document("app-1") is None
        assert store.list_deliveries() == []
        assert store.list_applications() == []
        started = time.monotonic()
        with store.draft_session("telegram:1") as session:  # the dead writer's lock is gone
            assert session.draft["step"] == "confirm"
        assert time.monotonic() - started < 10
    with psycopg.connect(postgres_url) as conn:
        assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 0
