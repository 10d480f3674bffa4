"""Commands of the classify domain (transitional: still declared in views.py until the domain is split)."""

from ipcenter.classify.views import register

__all__ = ["register"]
