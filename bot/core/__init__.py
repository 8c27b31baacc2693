"""The application layer: every use case once, for every channel.

``Idebot`` (``bot.core.app``) is what a channel holds: the applicant's dialog
(``dialog``, ``submission``), the coordinators' inbox and status changes
(``coordination``, with ``status`` and ``records``), the staff's FAQ edits (``staff``),
the person's own data (``personal``), and the outbox's claims and outcomes (``outbox``).
``live`` keeps the knowledge current when staff edit the FAQ from another process.
"""

from bot.core.app import Idebot
from bot.core.coordination import StatusChanged, telegram_chat
from bot.core.outbox import Outbox
from bot.core.personal import Deleted, MyApplications
from bot.core.staff import Action
from bot.core.status import SETTABLE, ApplicationStatus, parse_status, status_label

__all__ = [
    "SETTABLE",
    "Action",
    "ApplicationStatus",
    "Deleted",
    "Idebot",
    "MyApplications",
    "Outbox",
    "StatusChanged",
    "parse_status",
    "status_label",
    "telegram_chat",
]
