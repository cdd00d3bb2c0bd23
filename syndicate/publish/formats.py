"""The feed formats every document is published in: extension → renderer, media type.

Adding a format is adding a row here; `publish` and the tests iterate over this table.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import NamedTuple

from syndicate.model import FeedDocument
from syndicate.publish.jsonfeed import render_json
from syndicate.publish.rss_atom import ATOM_TYPE, RSS_TYPE, render_atom, render_rss


class Format(NamedTuple):
    render: Callable[[FeedDocument], bytes]
    media_type: str


FORMATS: Mapping[str, Format] = {
    ".rss": Format(render_rss, RSS_TYPE),
    ".atom": Format(render_atom, ATOM_TYPE),
    ".json": Format(render_json, "application/feed+json"),
}
