"""Accounts: organisations (tenants), users and their roles, sign-in sessions, API tokens, the one policy
module that decides who sees what, and the append-only audit log."""
