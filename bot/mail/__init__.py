"""The e-mail channel: submitted applications to coordinators' addresses, status notices
to applicants, through the same persistent outbox as Telegram.

``messages`` builds the messages (standard library ``email``), ``smtp`` connects and
classifies failures, ``sender`` drains the ``email`` deliveries of the outbox (one pass,
or a command line's drain before it exits), ``worker`` runs it in the Telegram bot.
"""

from bot.mail.sender import Drained, MailSender, Pass
from bot.mail.worker import MailWorker

__all__ = ["Drained", "MailSender", "MailWorker", "Pass"]
