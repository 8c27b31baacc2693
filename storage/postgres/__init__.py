"""PostgreSQL as the store (``IDEBOT_DATABASE_URL``): several bot processes, one fund.

``PostgresStore`` implements the whole ``storage.contract``; ``open_postgres`` opens it
(creating or updating the schema, ``schema/*.sql``). Importing this package imports the
driver (psycopg 3 and its pool); ``storage`` itself imports it only when a database is
configured.
"""

from storage.postgres.database import SETTING, check_url
from storage.postgres.store import PostgresSession, PostgresStore

__all__ = ["SETTING", "PostgresSession", "PostgresStore", "check_url"]
