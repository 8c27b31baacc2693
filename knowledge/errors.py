"""The knowledge package's exception root and its concrete errors."""

from __future__ import annotations


class KnowledgeError(Exception):
    """Root of every error raised by the knowledge package.

    Channels catch it at their boundary and show ``str(error)``: the text is
    always one Swedish line that names the file and the field.
    """


class AnswersError(KnowledgeError):
    """An answer object (file or dict) does not match ``answers.md``.

    Attributes:
        source: The file name or other label of where the answers came from.
        path: The field path, e.g. ``budget[1].cost`` (empty for the whole object).
        reason: The Swedish explanation.
    """

    def __init__(self, source: str, path: str, reason: str) -> None:
        self.source = source
        self.path = path
        self.reason = reason
        where = f"{source}: {path}" if path else source
        super().__init__(f"{where}: {reason}")


class KnowledgeFileError(KnowledgeError):
    """A knowledge file (fund, FAQ, flow, template) is invalid.

    Attributes:
        file: The file's name.
        entry: The entry inside it (a rule id, an FAQ id), or empty.
        field: The field path inside the entry, or empty.
        reason: The Swedish explanation.
    """

    def __init__(self, file: str, reason: str, *, entry: str = "", field: str = "") -> None:
        self.file = file
        self.entry = entry
        self.field = field
        self.reason = reason
        parts = [file]
        if entry:
            parts.append(entry)
        if field:
            parts.append(field)
        super().__init__(": ".join([*parts, reason]))


class UnknownFundError(KnowledgeError):
    """The requested fund has no data file."""

    def __init__(self, fund: str, known: list[str], *, source: str = "fund") -> None:
        self.fund = fund
        self.known = known
        super().__init__(
            f'{source}: okänd fond "{fund}" (kända fonder: {", ".join(sorted(known))})'
        )
