"""Demo step of the search domain (transitional: still in views.py until the domain is split)."""

from ipcenter.search.views import demo_step

__all__ = ["demo_step"]
