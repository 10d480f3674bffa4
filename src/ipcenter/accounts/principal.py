"""Who is asking: the account (or the anonymous public) behind a request or a command."""

from __future__ import annotations

from dataclasses import dataclass

from ipcenter.accounts.roles import Role


@dataclass(frozen=True)
class Principal:
    user_id: int | None
    email: str
    role: Role
    organisation_id: int | None
    via: str  # 'anonymous', 'session' (browser cookie), 'token' (Authorization: Bearer), 'cli'
    client_address: str = ""

    @property
    def signed_in(self) -> bool:
        return self.user_id is not None


def anonymous(client_address: str = "") -> Principal:
    return Principal(None, "", Role.public, None, "anonymous", client_address)


#: The operator at the command line (`ipcenter org add`, `user add`): acts with the bureau admin's rights.
CLI_OPERATOR = Principal(None, "cli", Role.bureau_admin, None, "cli", "local")
