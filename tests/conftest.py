"""Shared fixtures: paths to the example answers and a clean environment."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.postgres import PostgresServer, ServerUnavailable
from tests.support.programs import require

TESTS = Path(__file__).parent
ANSWERS_DIR = TESTS / "data" / "answers"
EXAMPLES = sorted(
    p.name.removesuffix(".json")
    for p in ANSWERS_DIR.glob("*.json")
    if not p.name.endswith(".expected.json")
)


def example_answers(name: str) -> dict:
    """The decoded answers file ``tests/data/answers/<name>.json``."""
    return json.loads((ANSWERS_DIR / f"{name}.json").read_text(encoding="utf-8"))


def example_expected(name: str) -> dict:
    """The decoded ``<name>.expected.json``."""
    return json.loads((ANSWERS_DIR / f"{name}.expected.json").read_text(encoding="utf-8"))


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch, tmp_path):
    """No test reads the developer's .env or writes into ./data."""
    for name in (
        "IDEBOT_FUND",
        "TELEGRAM_BOT_TOKEN",
        "TELEGRAM_API_BASE_URL",
        "IDEBOT_COORDINATOR_CHAT_IDS",
        "IDEBOT_COORDINATOR_USER_IDS",
        "IDEBOT_STAFF_USER_IDS",
        "IDEBOT_DRAFT_RETENTION_DAYS",
        "IDEBOT_DATABASE_URL",
        "IDEBOT_COORDINATOR_EMAILS",
        "IDEBOT_NOTIFY_APPLICANT_EMAIL",
        "IDEBOT_SMTP_HOST",
        "IDEBOT_SMTP_PORT",
        "IDEBOT_SMTP_USER",
        "IDEBOT_SMTP_PASSWORD",
        "IDEBOT_SMTP_TLS",
        "IDEBOT_MAIL_FROM",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("IDEBOT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)


# --- Telegram: the real Application on the offline Bot API (tests/telegram_fakes.py) ---
# Imported inside the fixtures so tests that never touch Telegram do not import PTB.


@pytest.fixture
def clock():
    """A clock that moves one second per reading, for ordered timestamps."""
    from tests.telegram_fakes import SteppingClock

    return SteppingClock()


@pytest.fixture
async def bot(tmp_path, clock):
    """A started harness on a memory store; asserts no handler error happened."""
    from storage import MemoryStore
    from tests.telegram_fakes import make_settings, start_harness

    settings = make_settings(tmp_path / "data")
    harness = await start_harness(settings, store=MemoryStore(clock=clock), clock=clock)
    yield harness
    await harness.app.shutdown()
    harness.runtime.close()
    harness.assert_no_errors()


# --- PostgreSQL: one throwaway server per test run (tests/support/postgres.py) ---------


@pytest.fixture(scope="session")
def postgres_server():
    """A PostgreSQL server started for this run, stopped at its end.

    Without the server binaries a developer's run skips the database tests; in CI
    (``CI=true``) that is a failure, so the PostgreSQL store is never untested there.
    """
    try:
        server = PostgresServer().start()
    except ServerUnavailable as error:
        require(False, f"PostgreSQL-testerna kan inte köras: {error}")
    yield server
    server.stop()


@pytest.fixture
def postgres_url(postgres_server) -> str:
    """The URL of a new, empty database (a schema of its own) for one test."""
    return postgres_server.database()
