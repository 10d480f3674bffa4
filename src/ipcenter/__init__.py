"""ipcenter — open-source IP public-service platform (知识产权公共服务信息平台)."""

__version__ = "0.1.0"
