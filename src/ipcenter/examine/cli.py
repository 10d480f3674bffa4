"""Commands of the examine domain (transitional: still declared in views.py until the domain is split)."""

from ipcenter.examine.views import register

__all__ = ["register"]
