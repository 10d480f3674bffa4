"""Demo step of the examine domain (transitional: still in views.py until the domain is split)."""

from ipcenter.examine.views import demo_step

__all__ = ["demo_step"]
