"""Domain refusals cross the Temporal boundary as ApplicationErrors that carry the rule."""

from __future__ import annotations

from temporalio.exceptions import ApplicationError

from domain import errors

_BY_NAME: dict[str, type[errors.DomainError]] = {
    cls.__name__: cls
    for cls in (
        errors.DomainError,
        errors.GuardRefused,
        errors.InvalidInput,
        errors.NotFound,
        errors.Forbidden,
    )
}
DOMAIN_ERROR_TYPES = list(_BY_NAME)


def _known_name(error: errors.DomainError) -> str:
    """The nearest class the other side knows (an OutOfBounds crosses as the InvalidInput it is)."""
    return next(cls.__name__ for cls in type(error).__mro__ if cls.__name__ in _BY_NAME)


def to_application_error(error: errors.DomainError) -> ApplicationError:
    return ApplicationError(
        error.message,
        {"rule": error.rule, "field": error.field, "details": error.details},
        type=_known_name(error),
        non_retryable=True,
    )


def from_application_error(error: ApplicationError) -> errors.DomainError | None:
    """The domain error an update refusal stands for, or None when it is something else."""
    cls = _BY_NAME.get(error.type or "")
    if cls is None:
        return None
    payload = error.details[0] if error.details else {}
    return cls(payload.get("rule", "refused"), error.message, payload.get("field"), payload.get("details"))
