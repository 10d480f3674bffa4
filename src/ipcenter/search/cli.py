"""Commands of the search domain (transitional: still declared in views.py until the domain is split)."""

from ipcenter.search.views import register

__all__ = ["register"]
