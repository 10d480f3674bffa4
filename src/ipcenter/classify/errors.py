"""Errors of the classify domain: each a `UserError`, so the CLI prints ``error: …`` and exits with its code."""

from __future__ import annotations

from ipcenter.errors import InvalidValue, Unavailable


class ModelMissing(Unavailable):
    """No usable trained model where the command looked; the message names the option that points to one
    and the command that builds one. Exit code 1, as `classify` has answered since issue 6."""

    exit_code = 1


class DataMissing(Unavailable):
    """The data directory, or a reference file the classify domain needs in it, is not there."""


class UnknownCentre(InvalidValue):
    """``--centre`` names no protection centre, or several."""


class BadInput(InvalidValue):
    """A text or file given to classify or to check cannot be used (empty, not text, ill-formed TSV)."""
