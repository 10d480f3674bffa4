"""The errors users see: one base, `UserError`, that every domain's errors derive from.

Raise a `UserError` (or a subclass) for anything caused by the user's input; the CLI prints its message as
``error: …`` and exits with its ``exit_code``; the web API answers ``application/problem+json`` with its
``http_status``. Defined in the core (the bottom layer) so that core rules can raise it; import it from here.
"""

from __future__ import annotations

from ipcenter.core.errors import Conflict, InvalidValue, NotFound, Unavailable, UserError

__all__ = ["Conflict", "InvalidValue", "NotFound", "Unavailable", "UserError"]
