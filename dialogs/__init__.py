"""Dialogs: the pure dialog engine and the idéprövning flow as data."""


class DialogError(Exception):
    """Root of every error raised by the dialogs package."""


__all__ = ["DialogError"]
