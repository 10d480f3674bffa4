"""The examine domain."""
