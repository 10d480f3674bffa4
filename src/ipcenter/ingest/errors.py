"""Errors of the ingest domain."""

from ipcenter.errors import UserError


class UnreadableFile(UserError):
    """The whole file cannot be read (binary, empty, unknown encoding, not this format)."""
