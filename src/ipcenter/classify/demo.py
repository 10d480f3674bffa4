"""Demo step of the classify domain (transitional: still in views.py until the domain is split)."""

from ipcenter.classify.views import demo_step

__all__ = ["demo_step"]
