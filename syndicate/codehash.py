"""Digests of syndicate's own code, which a publication's inputs include (see
`publish.manifest`): a new version renders again what an older one wrote.

Apart from the publishing package, so that a command can take the digest when it
starts (`cli`), cheaply: a sync runs for minutes, and code replaced on disk meanwhile
(an upgrade) must not be recorded as what rendered that run's files, which the code
in memory did. Taken at the start, a digest that does not match the code rendering
costs the next run a full replan, never a publication skipped.
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib import metadata
from pathlib import Path

_PACKAGE = Path(__file__).parent
_RENDERERS = _PACKAGE / "publish"


@cache
def code_digest() -> str:
    """A digest of all of syndicate's code: what reads the store into entries, plans
    feeds and renders them (and the versions of the libraries rendering uses)."""
    h = hashlib.blake2b(digest_size=20)
    for path in sorted(_PACKAGE.rglob("*")):
        if path.suffix in (".py", ".xsl") and path.is_file():
            h.update(path.relative_to(_PACKAGE).as_posix().encode())
            h.update(path.read_bytes())
    h.update(renderer_digest().encode())
    return h.hexdigest()


@cache
def renderer_digest() -> str:
    """A digest of the code that turns documents into bytes: any change renders again."""
    h = hashlib.blake2b(digest_size=20)
    for path in sorted(_RENDERERS.glob("*.py")):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    for package in ("feedgen", "lxml"):
        h.update(f"{package}={_version(package)}".encode())
    return h.hexdigest()


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "?"
