"""Commands of the stats domain (transitional: still declared in views.py until the domain is split)."""

from ipcenter.stats.views import register

__all__ = ["register"]
