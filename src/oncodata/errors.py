"""User-facing errors: one clear line and a stable exit code, never a traceback for bad input."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Process exit codes shared by every command (see DESIGN.md)."""

    OK = 0
    FAILED_CHECKS = 1
    BAD_INPUT = 2
    ENVIRONMENT = 3


class OncodataError(Exception):
    """Base class: `str(error)` is the one-line message shown to the user."""

    exit_code: ExitCode = ExitCode.BAD_INPUT

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class BadInputError(OncodataError):
    """The user gave something unusable: a malformed file, value or argument."""

    exit_code = ExitCode.BAD_INPUT


class UsageError(OncodataError):
    """A command was called the wrong way (unknown option value, bad URL...)."""

    exit_code = ExitCode.BAD_INPUT


class PermissionDeniedError(OncodataError):
    """The acting user's role does not allow the operation."""

    exit_code = ExitCode.BAD_INPUT


class EnvironmentProblemError(OncodataError):
    """Something outside the input is wrong: database unreachable, key file missing, disk full."""

    exit_code = ExitCode.ENVIRONMENT


class DatabaseUnreachableError(EnvironmentProblemError):
    """The database named by the URL could not be opened or connected to."""


class NotInitializedError(EnvironmentProblemError):
    """The database exists but `oncodata init` has not been run on it."""


class ChecksFailedError(OncodataError):
    """The operation ran but some checks failed or only part of the work succeeded."""

    exit_code = ExitCode.FAILED_CHECKS
