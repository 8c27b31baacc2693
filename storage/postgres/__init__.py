"""PostgreSQL as the store (``IDEBOT_DATABASE_URL``): several bot processes, one fund.

``PostgresStore`` implements the whole ``storage.contract``; opening it connects
(creating or updating the schema, ``schema/*.sql``). The driver (psycopg 3 and its pool)
is imported when a store is opened, not with this package.
"""

from storage.postgres.database import SETTING, check_url
from storage.postgres.store import PostgresSession, PostgresStore

__all__ = ["SETTING", "PostgresSession", "PostgresStore", "check_url"]
