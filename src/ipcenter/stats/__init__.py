"""The stats domain."""
