"""Every write of the accounts context: staff accounts and their sessions."""

from komek.accounts.services.sessions import session_ended, session_started, sign_in_failed
from komek.accounts.services.users import (
    user_create,
    user_reset_password,
    user_set_active,
    user_unlock,
    user_update,
)

__all__ = [
    "session_ended",
    "session_started",
    "sign_in_failed",
    "user_create",
    "user_reset_password",
    "user_set_active",
    "user_unlock",
    "user_update",
]
