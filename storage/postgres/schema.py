"""The database schema, versioned: numbered SQL files applied in order at start-up.

``schema/0001_store.sql``, ``0002_….sql`` … each run once, in its own transaction,
recorded in the table ``idebot_schema`` (number, name, when). Every process on the
database applies what is missing when it opens the store; an advisory lock makes the
processes that start together wait for the first, so each file runs exactly once. A
database already at a newer version than this code knows is refused (an older Idébot
must not write into tables it does not understand).

Why files and not Alembic: the store speaks SQL through psycopg, with no SQLAlchemy
models for Alembic to compare against, and the schema is a handful of tables; plain SQL
files keep every change readable as the SQL that runs, with nothing to install.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING

from storage.errors import StorageError

if TYPE_CHECKING:  # the driver is imported when a database is opened
    import psycopg

VERSION_TABLE = "idebot_schema"
# Advisory lock keys (two int4): this program's namespace, then what is locked.
LOCK_NAMESPACE = 0x1DEB07
MIGRATION_LOCK = 0
# A person's lock: (PEOPLE_NAMESPACE, hashtext(user key)). Two keys with the same hash
# only wait for each other now and then; they never share a draft.
PEOPLE_NAMESPACE = LOCK_NAMESPACE + 1
_FILE = re.compile(r"^(?P<number>\d{4})_(?P<name>[a-z0-9_]+)\.sql$")


@dataclass(frozen=True)
class Migration:
    """One numbered schema file."""

    number: int
    name: str
    sql: str


def migrations() -> list[Migration]:
    """Every schema file shipped with the package, in order."""
    found = []
    for entry in resources.files("storage.postgres").joinpath("schema").iterdir():
        match = _FILE.match(entry.name)
        if match:
            sql = entry.read_text(encoding="utf-8")
            found.append(Migration(int(match["number"]), match["name"], sql))
    found.sort(key=lambda migration: migration.number)
    numbers = [migration.number for migration in found]
    if numbers != list(range(1, len(found) + 1)):
        raise StorageError(f"storage/postgres/schema: numreras 1, 2, 3 …, fick {numbers}")
    return found


def current_version(conn: psycopg.Connection) -> int:
    """The highest schema version applied to the database (0 for an empty one)."""
    exists = conn.execute("SELECT to_regclass(%s) IS NOT NULL", (VERSION_TABLE,)).fetchone()
    if not exists or not exists[0]:
        return 0
    row = conn.execute(f"SELECT coalesce(max(version), 0) FROM {VERSION_TABLE}").fetchone()
    return int(row[0])


def migrate(conn: psycopg.Connection) -> int:
    """Applies the missing schema files; returns the version the database is at.

    Args:
        conn: A connection in autocommit mode (each file gets its own transaction).

    Raises:
        StorageError: when the database is newer than this code.
    """
    known = migrations()
    conn.execute("SELECT pg_advisory_lock(%s, %s)", (LOCK_NAMESPACE, MIGRATION_LOCK))
    try:
        conn.execute(
            f"CREATE TABLE IF NOT EXISTS {VERSION_TABLE} ("
            " version integer PRIMARY KEY, name text NOT NULL,"
            " applied_at timestamptz NOT NULL DEFAULT now())"
        )
        version = current_version(conn)
        if version > len(known):
            raise StorageError(
                f"IDEBOT_DATABASE_URL: databasen har schemaversion {version}, men den här "
                f"versionen av Idébot känner bara till {len(known)} – uppdatera Idébot"
            )
        for migration in known[version:]:
            with conn.transaction():
                conn.execute(migration.sql)
                conn.execute(
                    f"INSERT INTO {VERSION_TABLE} (version, name) VALUES (%s, %s)",
                    (migration.number, migration.name),
                )
            version = migration.number
        return version
    finally:
        conn.execute("SELECT pg_advisory_unlock(%s, %s)", (LOCK_NAMESPACE, MIGRATION_LOCK))
