"""The classify domain."""
