"""Errors of the ingest domain."""


class UnreadableFile(Exception):
    """The whole file cannot be read (binary, empty, unknown encoding, not this format)."""
