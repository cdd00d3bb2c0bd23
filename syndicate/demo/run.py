"""`make demo`: serve the sample province, sync it with the real CLI, say where the feeds are.

    python -m syndicate.demo.run --config config/demo.toml

The demo server listens on the host and port the config's source URLs name, so the
config stays an ordinary one that `syndicate check` or `syndicate sync` can use while
a demo server runs.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shlex
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlsplit

from syndicate.config import Config, load_config
from syndicate.demo.server import DemoServer
from syndicate.errors import ConfigError


def demo_address(config: Config) -> tuple[str, int]:
    """The one host and port every demo source points at."""
    addresses = {
        (parts.hostname or "127.0.0.1", parts.port or 80)
        for parts in (urlsplit(source.url) for source in config.sources)
    }
    if len(addresses) != 1:
        raise ConfigError(
            str(config.path),
            "sources",
            f"demo sources must share one host and port, not {sorted(addresses)}",
        )
    return addresses.pop()


def describe_output(output: Path) -> list[str]:
    """Lines telling where the published files are: the folder, its top files, its folders."""
    if not output.is_dir():
        return [f"Nothing was published to {output}."]
    files = sorted(p for p in output.rglob("*") if _published(p))
    lines = [f"Feeds published in {output.resolve()} ({len(files)} files):"]
    lines += [f"  {p.name}" for p in sorted(output.iterdir()) if _published(p)]
    for folder in sorted(p for p in output.iterdir() if p.is_dir()):
        count = sum(1 for p in folder.rglob("*") if _published(p))
        lines.append(f"  {folder.name}/ ({count} files)")
    return lines


def _published(path: Path) -> bool:
    """A file readers are meant to fetch: not the publisher's own (.publish-manifest)."""
    return path.is_file() and not path.name.startswith(".")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m syndicate.demo.run",
        description="Serve the sample province on 127.0.0.1, sync it and publish its feeds.",
    )
    parser.add_argument("--config", default="config/demo.toml", help="the demo configuration")
    parser.add_argument(
        "--site-only",
        action="store_true",
        help="serve the sample province until interrupted, and nothing else: for running "
        "`syndicate sync` or `check` against it by hand",
    )
    args = parser.parse_args(argv)
    try:
        config = load_config(args.config)
        host, port = demo_address(config)
    except ConfigError as exc:
        print(f"demo: {exc}", file=sys.stderr)
        return exc.exit_code
    try:
        server = DemoServer(host=host, port=port)
    except OSError as exc:
        print(
            f"demo: cannot listen on {host}:{port} ({exc.strerror}); is another demo running?",
            file=sys.stderr,
        )
        return 1
    # Imported late: the CLI pulls in the whole pipeline, which argument errors do not need.
    from syndicate.cli import main as cli_main

    with server:
        print(f"Sample province served at {server.base_url}/ ({len(server.site)} pages).")
        if args.site_only:
            return _serve_until_interrupted(args.config)
        # --force: the site is up now, whatever a sync run while it was not left behind
        # (every source waiting out a backoff, and this demo collecting nothing).
        # --db: the demo's own store, whatever SYNDICATE_DB the shell exports (click would
        # read it, and fill that store with the sample province).
        argv = ["--config", str(args.config), "--db", str(config.storage.database)]
        code = cli_main([*argv, "sync", "--force"], standalone_mode=False)
    code = code if isinstance(code, int) else 0
    print("\n".join(describe_output(config.storage.output)))
    print(
        f"Serve them with: {syndicate_command()} --config {shlex.quote(args.config)} serve"
        f"  (then open {config.province.base_url})"
    )
    return code


def _serve_until_interrupted(config: str) -> int:
    command = f"{syndicate_command()} --config {shlex.quote(config)}"
    print(f"Run {command} sync (or check) meanwhile; Ctrl-C stops.")
    with contextlib.suppress(KeyboardInterrupt):
        wait_forever()
    return 0


def wait_forever() -> None:
    threading.Event().wait()


def syndicate_command() -> str:
    """How to run syndicate from here: `make demo` installs it in the virtual environment,
    whose folder is not on the PATH, so a bare `syndicate` is no command."""
    script = Path(sys.executable).with_name("syndicate")
    if not script.is_file():
        return f"{shlex.quote(sys.executable)} -m syndicate"
    relative = os.path.relpath(script)
    return shlex.quote(str(script) if relative.startswith("..") else relative)


if __name__ == "__main__":
    sys.exit(main())
