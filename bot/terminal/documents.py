"""The applicant's own copy of a submitted Word application, for the terminal channels.

A person at a terminal (or a program on the JSON-lines protocol) gets a file to open:
``IDEBOT_DATA_DIR/applications/<id>.docx``. The store keeps the coordinator's copy;
this one is written from it.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from bot.core import Idebot
from dialogs.replies import DocumentReply
from storage import private_dir
from storage.files import store_bytes

EXPORT_DIR = "applications"


def with_local_copy(core: Idebot, reply: DocumentReply) -> DocumentReply:
    """Writes the document to the data folder; the reply names where it is.

    Raises:
        StorageError: when the copy cannot be written (the application is stored anyway).
    """
    folder = private_dir(Path(core.settings.data_dir) / EXPORT_DIR)
    path = folder / f"{reply.application_id}.docx"
    store_bytes(path, core.document(reply.application_id))
    return dataclasses.replace(reply, path=str(path))
