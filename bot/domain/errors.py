"""Domain errors carry a catalogue key and parameters, never a sentence.

Handlers turn them into a reply in the user's language in one place (bot/handlers/errors.py);
the CLI does the same for its output. That keeps the core free of language and I/O.
"""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A refusal the user should read. `key` names a text in bot/texts; `params` fill it in."""

    key: str = "error.generic"

    def __init__(self, key: str | None = None, /, **params: Any) -> None:
        self.key = key or type(self).key
        self.params = params
        super().__init__(f"{self.key} {params}")


class NotAllowed(DomainError):
    key = "error.not_allowed"


class NotFound(DomainError):
    key = "error.not_found"


class InvalidInput(DomainError):
    key = "error.invalid_input"


class OverAllocation(DomainError):
    key = "error.over_allocation"


class SplitImpossible(DomainError):
    key = "error.split_impossible"


class RuleViolated(DomainError):
    key = "error.rule_violated"
