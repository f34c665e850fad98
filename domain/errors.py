"""Domain errors are types: callers match on the class and the rule, never on message text."""

from __future__ import annotations


class DomainError(Exception):
    """A rule of the domain refused a command.

    `rule` is a stable machine name (API clients and tests use it), `message` is Russian text a
    curator reads, `field` names the input the rule is about, when there is one.
    """

    status = 422

    def __init__(
        self, rule: str, message: str, field: str | None = None, details: dict[str, object] | None = None
    ) -> None:
        super().__init__(message)
        self.rule = rule
        self.message = message
        self.field = field
        self.details = details or {}

    def __str__(self) -> str:
        return self.message


class GuardRefused(DomainError):
    """A stage transition or a command is not allowed in the current state (HTTP 409)."""

    status = 409


class InvalidInput(DomainError):
    """Input breaks a rule regardless of state (HTTP 422)."""

    status = 422


class NotFound(DomainError):
    """The object does not exist or the actor may not know that it exists (HTTP 404)."""

    status = 404


class Forbidden(DomainError):
    """The actor's role may not perform the command on an object it may see (HTTP 403)."""

    status = 403
