"""Demo step of the stats domain (transitional: still in views.py until the domain is split)."""

from ipcenter.stats.views import demo_step

__all__ = ["demo_step"]
