"""Templates: the Word application templates, message templates and their renderer."""


class TemplateError(Exception):
    """Root of every error raised by the templates package."""


__all__ = ["TemplateError"]
