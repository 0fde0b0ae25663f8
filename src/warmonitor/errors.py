"""Exceptions raised by warmonitor.

Each class's docstring is its message; the CLI and the API translate them to
clean errors in one place.  Library code raises the most specific one.
"""

from __future__ import annotations


class WarmonitorError(Exception):
    """Something went wrong in warmonitor."""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or (self.__doc__ or "").strip())


class ConfigError(WarmonitorError):
    """The configuration is invalid."""


class DatabaseError(WarmonitorError):
    """The database cannot be opened or used."""


class InputError(WarmonitorError):
    """An input cannot be read as a report.

    ``input`` names the file, URL or line; ``problem`` says what is wrong.
    """

    def __init__(self, input: str, problem: str) -> None:
        self.input = input
        self.problem = problem
        super().__init__(f"{input}: {problem}")


class ReportNotFoundError(WarmonitorError):
    """No report has that id."""


class EventNotFoundError(WarmonitorError):
    """No event has that id."""


class ReviewError(WarmonitorError):
    """An analyst's decision cannot be applied."""
