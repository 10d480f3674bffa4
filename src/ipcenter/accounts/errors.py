"""Errors of the accounts domain (each a `UserError`: the CLI prints it, the web app answers its status)."""

from __future__ import annotations

from ipcenter.errors import UserError


class NotSignedIn(UserError):
    """The route needs an account: sign in, or send ``Authorization: Bearer TOKEN``."""

    http_status = 401


class Forbidden(UserError):
    """The account's role may not use this route (the route itself is public knowledge, so 403, not 404)."""

    http_status = 403


class TooManyAttempts(UserError):
    """Sign-in throttled: too many failed attempts for this account or from this address."""

    http_status = 429


class CsrfRejected(UserError):
    """A state-changing request from a browser without the CSRF token of its page."""

    http_status = 403
