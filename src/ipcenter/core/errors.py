"""The one error type users see, and the core's own errors.

`UserError` is the base of every error caused by what a user gave (a file, an option, a query, a number):
its message is for people (what is wrong and what was expected), and it carries the exit code the command
line returns and the HTTP status the web API answers. The CLI and the web app each turn it into their
output in one handler; anything that is not a `UserError` is a bug. It lives in the core, the bottom layer,
so that core rules can raise it too; `ipcenter.errors` is the public place to import it from.
"""

from __future__ import annotations


class UserError(Exception):
    """A problem with the user's input or environment, explained in ``message``."""

    exit_code: int = 2
    http_status: int = 400

    def __init__(self, message: str, *, exit_code: int | None = None, http_status: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        if exit_code is not None:
            self.exit_code = exit_code
        if http_status is not None:
            self.http_status = http_status

    def __str__(self) -> str:
        return self.message


class NotFound(UserError):
    """The thing asked for does not exist (a document, a model, an object of another organisation)."""

    exit_code = 1
    http_status = 404


class Conflict(UserError):
    """The request cannot be done in the present state (a concurrent writer, a stale version)."""

    http_status = 409


class Unavailable(UserError):
    """Something the request needs has not been built yet (an index, a model): the message says how."""

    http_status = 503


class InvalidValue(UserError, ValueError):
    """A value (number, date, symbol, status) that does not follow its rules."""

    http_status = 422
