"""Understanding what a person typed: raw text in, one typed interpretation out.

This is the dialog's understanding stage. It is pure (no I/O, no clock: the
date comes in as ``today`` where a relative date needs it) and knows nothing
of the dialog's state; the engine calls it and then only decides.

Single-value questions::

    understand_input(kind, raw, *, field=None, options=(), nullable=False,
                     fmt=None, typed=True, today=None) -> Understood

``Understood(value, echo, also)``: ``value`` is the JSON value as
``answers.md`` stores it; ``echo`` is Swedish for what was understood when it
is not the literal text (show it as ``f"Noterat: {echo}."``); ``also`` holds
other top-level fields the same line sets (a range at ``start_date`` gives
``{"end_date": "2029-12-31"}``). Pass ``field`` (the protocol field asked,
``start_date``, ``budget[1].cost``): a month is the first day for a start and
the last for an end, and an amount is refused as "per år" where the whole sum
is asked (``requested_amount``, ``cofinancing[].amount``) and as "totalt"
where a yearly one is (``budget[].cost``, ``cost_reductions[].amount_per_year``).

List questions (the first ask and every "en till?")::

    read_list(top, raw, *, rows=(), applicant=None) -> ListReading

``ListReading(verb, rows, index, array, echo)`` with ``verb`` one of
``ListVerb.ROWS`` (rows typed in one line; each :class:`Row` has ``values``,
``missing`` sub-fields still to ask and ``suggested`` values to confirm, e.g.
``{"org_type": "ideell"}`` from a partner's name), ``ADD`` (a bare yes: ask
one row field by field), ``DONE`` (no, klart, det är alla; any line starting
with a no), ``REMOVE``/``EDIT`` (``index`` 0-based; an EDIT with a typed row
carries it in ``rows``), ``CLEAR`` and ``REPLACE`` (a JSON array, in
``array``). A list row's sub-field asked on its own goes through
``understand_input`` with its protocol field (``cofinancing[0].amount``).

Errors: every reader raises :class:`ParseError` with a Swedish reason and an
example (it fits ``"Det svaret kunde jag inte tolka: {reason}."``).
:class:`Unclear` (a ParseError) means the line was an answer that could not be
read safely, e.g. a multichoice in prose naming nothing known: say so and ask
again, never answer it from the FAQ. :class:`Ambiguous` (an Unclear) carries
``choices`` (``Option``s) to offer as buttons: two options named ("både
förebyggande och tidig"), a bare year as a date, ``0,5`` as a percentage.

Readers per kind, usable directly: ``understand_money`` (:mod:`.money`),
``understand_integer``/``understand_year`` (:mod:`.numbers`),
``understand_percent`` (:mod:`.percent`), ``understand_date`` (:mod:`.dates`),
``understand_bool`` (:mod:`.yesno`), ``understand_choice``/
``understand_multichoice`` (:mod:`.choices`), ``suggest_org_type``/
``split_names`` (:mod:`.names`).
Names are compared by ``knowledge.criteria.same_name``.

Numbers are exact: a line with two numbers, a vague quantity ("några hundra
tusen"), a monthly sum or a word that changes a date ("efter", "eller") is
asked back rather than guessed.
"""

from dialogs.understanding.choices import understand_choice, understand_multichoice
from dialogs.understanding.dates import understand_date
from dialogs.understanding.lists import ListReading, ListVerb, read_list, read_rows, rows_echo
from dialogs.understanding.money import understand_money
from dialogs.understanding.names import split_names, suggest_org_type
from dialogs.understanding.numbers import understand_integer, understand_year
from dialogs.understanding.percent import AmbiguousPercent, understand_percent
from dialogs.understanding.reading import TEXT_EXPECTED, understand_input
from dialogs.understanding.results import Ambiguous, ParseError, Unclear, Understood
from dialogs.understanding.rows import ITEM_FIELDS, Row
from dialogs.understanding.text import fold, normalise
from dialogs.understanding.yesno import understand_bool

__all__ = [
    "ITEM_FIELDS",
    "TEXT_EXPECTED",
    "Ambiguous",
    "AmbiguousPercent",
    "ListReading",
    "ListVerb",
    "ParseError",
    "Row",
    "Unclear",
    "Understood",
    "fold",
    "normalise",
    "read_list",
    "read_rows",
    "rows_echo",
    "split_names",
    "suggest_org_type",
    "understand_bool",
    "understand_choice",
    "understand_date",
    "understand_input",
    "understand_integer",
    "understand_money",
    "understand_multichoice",
    "understand_percent",
    "understand_year",
]
