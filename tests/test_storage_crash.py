"""``kill -9`` at random moments never leaves a store that cannot be opened, nor half a
submission: every application has its document and its deliveries, its draft is gone, and
no journal, temporary file or orphan document is left once the store is opened again."""

from __future__ import annotations

import hashlib
import json
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from storage import TinyStore

ROUNDS = 10

WRITER = textwrap.dedent(
    """
    import hashlib, json, sys
    from storage import TinyStore

    def digest(answers):
        return hashlib.sha256(json.dumps(answers, sort_keys=True).encode()).hexdigest()

    store = TinyStore(sys.argv[1])
    step = int(sys.argv[2])
    print("ready", flush=True)
    while True:
        step += 1
        answers = {"step": step, "text": "åäö" * (step % 400), "list": list(range(step % 90))}
        user = f"telegram:{step % 40}"
        store.save_draft(user, {"answers": answers, "digest": digest(answers)})
        if step % 7 == 0:
            app_id = f"app-{step}"
            app = {
                "id": app_id, "user": user, "fund": "gavleborg",
                "answers": answers, "findings": [], "verdict": "ready",
                "submitted_at": "2026-11-23T09:00:00+00:00", "status": "inskickad",
                "digest": digest(answers),
            }
            deliveries = [
                {"application_id": app_id, "channel": "telegram", "target": chat,
                 "kind": "application"}
                for chat in (-100, -200)
            ]
            with store.draft_session(user) as session:
                session.submit(app, digest(answers).encode() * 300, deliveries)
    """
)


def digest(answers: dict) -> str:
    return hashlib.sha256(json.dumps(answers, sort_keys=True).encode()).hexdigest()


def kill_writer_at_random(data_dir: Path, first_step: int, rng: random.Random) -> None:
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(data_dir), str(first_step)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert writer.stdout.readline().strip() == "ready", writer.stderr.read()
        time.sleep(rng.uniform(0.02, 0.35))
        assert writer.poll() is None, writer.stderr.read()  # still writing when killed
    finally:
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=30)
    assert writer.returncode == -signal.SIGKILL


def test_kill_9_mid_stream_never_damages_the_store(tmp_path):
    seed = random.randrange(1_000_000)
    rng = random.Random(seed)
    data_dir = tmp_path / "data"
    seen_drafts = submitted = 0
    for round_number in range(ROUNDS):
        kill_writer_at_random(data_dir, round_number * 100_000, rng)

        # Every committed file parses on its own (only *.tmp may be half written).
        for path in data_dir.rglob("*.json"):
            try:
                json.loads(path.read_text("utf-8"))
            except ValueError as error:
                raise AssertionError(f"seed {seed}: {path} is damaged: {error}") from None

        with TinyStore(data_dir) as store:  # the lock of the killed writer is free
            drafts = [store.get_draft(f"telegram:{n}") for n in range(40)]
            present = [draft for draft in drafts if draft is not None]
            assert store.count_drafts() == len(present), f"seed {seed}"
            for draft in present:
                assert draft["digest"] == digest(draft["answers"]), f"seed {seed}"
            for app in store.list_applications():
                assert app["digest"] == digest(app["answers"]), f"seed {seed}"
                document = store.get_document(app["id"])
                assert document == app["digest"].encode() * 300, f"seed {seed}: {app['id']}"
                targets = [d["target"] for d in store.list_deliveries(application_id=app["id"])]
                assert targets == [-100, -200], f"seed {seed}: {app['id']}"
            app_ids = {app["id"] for app in store.list_applications()}
            for delivery in store.list_deliveries():
                assert delivery["application_id"] in app_ids, f"seed {seed}"
            documents = {p.name.split("-r")[0] for p in (data_dir / "documents").iterdir()}
            assert documents == app_ids, f"seed {seed}: orphan or missing documents"
            seen_drafts = max(seen_drafts, len(present))
            submitted = max(submitted, len(app_ids))
        assert not list(data_dir.rglob("*.tmp")), f"seed {seed}"
        assert not list((data_dir / "journal").iterdir()), f"seed {seed}"
    assert seen_drafts > 0, "the writer never got to save anything"
    assert submitted > 0, "the writer never got to submit anything"
