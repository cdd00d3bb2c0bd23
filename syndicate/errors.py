"""One hierarchy for everything syndicate raises on purpose.

Config and usage errors stop a run (exit 2). Source errors are values: they are
recorded on the source that caused them and never stop the others (exit 1).
"""

from __future__ import annotations

from typing import ClassVar, Literal

# The kinds an operator sees in `syndicate status`; one per way a portal can fail.
SourceErrorKind = Literal[
    "dns",
    "connect",
    "timeout",
    "http-status",
    "too-large",
    "redirect",
    "forbidden-url",
    "robots",
    "encoding",
    "parse",
    "internal",
]


class SyndicateError(Exception):
    """Root of every error syndicate raises on purpose."""

    exit_code: ClassVar[int] = 1


class ConfigError(SyndicateError):
    """The configuration is unusable; names the file, the key path and the problem."""

    exit_code = 2

    def __init__(self, file: str, key: str, problem: str) -> None:
        self.file = file
        self.key = key
        self.problem = problem
        where = f"{file}: {key}" if key else file
        super().__init__(f"{where}: {problem}")


class UsageError(SyndicateError):
    """The command line asked for something that cannot be done."""

    exit_code = 2


class WriteError(SyndicateError):
    """A file syndicate writes could not be written: a full disk, a failing device."""

    exit_code = 74  # EX_IOERR (sysexits.h): cron tells it from "some sources failed"


class LockedError(SyndicateError):
    """Another sync holds the lock on this store."""

    exit_code = 3


class SourceError(SyndicateError):
    """One source failed; `kind` says how, the message says what happened."""

    def __init__(self, kind: SourceErrorKind, message: str) -> None:
        self.kind: SourceErrorKind = kind
        self.message = message
        super().__init__(f"{kind}: {message}")

    def __reduce__(self) -> tuple[object, ...]:
        # Parsing errors come back from the worker processes pickled; rebuilt from
        # `args` ("parse: …") as exceptions are, the message said its kind twice.
        return (_rebuild, (type(self), self.kind, self.message, self.__dict__))


def _rebuild(
    cls: type[SourceError], kind: SourceErrorKind, message: str, state: dict[str, object]
) -> SourceError:
    error = cls.__new__(cls)
    SourceError.__init__(error, kind, message)
    error.__dict__.update(state)
    return error


class FetchError(SourceError):
    """The HTTP exchange failed (DNS, connect, timeout, status, size, redirect, robots).

    `retry_after`: when the server asked to be left alone until (Retry-After), if it
    did, in seconds from the start of the run, which is when the store counts the
    source's next attempt from: it waits at least that long.
    """

    def __init__(
        self, kind: SourceErrorKind, message: str, *, retry_after: float | None = None
    ) -> None:
        super().__init__(kind, message)
        self.retry_after = retry_after


class ParseError(SourceError):
    """The bytes arrived but could not be understood."""

    def __init__(self, message: str) -> None:
        super().__init__("parse", message)
