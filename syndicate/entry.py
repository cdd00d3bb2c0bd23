"""The `syndicate` command: the command line, and a Ctrl-C while it loads.

Loading the command line takes a few tenths of a second (httpx, sqlite-utils and our
modules): a Ctrl-C then printed a Python traceback and killed the process by the
signal, where at any later moment it gives one line and exit 130 (`cli.main`).
"""

from __future__ import annotations

import sys

EXIT_INTERRUPTED = 130  # 128 + SIGINT, as `cli.main` exits too


def main() -> None:
    try:
        from syndicate.cli import main as command_line
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        raise SystemExit(EXIT_INTERRUPTED) from None
    command_line()
