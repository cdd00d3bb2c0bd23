"""Each entry rendered once per format, then spliced into every document that lists it.

An entry sits in about three documents (the province, its district, its category, or
their archive pages) in every format. `Fragments` renders it in all formats the first
time a document asks, cleaning and escaping its text once for all of them, and hands
the same bytes to every later document. Only the entry's `updated` stamp can differ
between documents (see `documents._listed`), so the pieces leave gaps for it.

A publish run renders archive pages in seq order, so `forget_before` can drop entries
no page still to come will list, and memory stays flat however large the store.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from syndicate.model import FeedDocument, FeedEntry
from syndicate.publish.documents import Listed
from syndicate.publish.fields import EntryText
from syndicate.publish.formats import FORMATS, Parts


class Fragments:
    """Rendered entries of one publish run, keyed by entry id."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self._parts: dict[str, tuple[int, dict[str, Parts]]] = {}
        self._stamps: dict[datetime, dict[str, bytes]] = {}

    def __len__(self) -> int:
        return len(self._parts)

    def parts(self, entry: FeedEntry) -> dict[str, Parts]:
        """The entry in every format (extension → pieces)."""
        found = self._parts.get(entry.id)
        if found is None:
            text = EntryText(entry, self.base_url)
            found = (entry.seq, {ext: fmt.entry(text) for ext, fmt in FORMATS.items()})
            self._parts[entry.id] = found
        return found[1]

    def stamps(self, moment: datetime) -> dict[str, bytes]:
        """An `updated` time as every format writes it."""
        found = self._stamps.get(moment)
        if found is None:
            found = {ext: fmt.stamp(moment) for ext, fmt in FORMATS.items()}
            self._stamps[moment] = found
        return found

    def forget_before(self, seq: int) -> None:
        """Drop every entry with a lower seq: no document still to render lists it."""
        self._parts = {k: v for k, v in self._parts.items() if v[0] >= seq}
        self._stamps.clear()

    def render(self, header: FeedDocument, listed: Sequence[Listed]) -> dict[str, list[bytes]]:
        """The document in every format (extension → pieces to write one after another).

        `header` supplies the document's own fields (its `entries` are not read);
        `listed` its entries in order, each with its `updated` time in this document.
        """
        rendered = [(self.parts(entry), self.stamps(when)) for entry, when in listed]
        return {
            ext: fmt.document(header, [(parts[ext], stamps[ext]) for parts, stamps in rendered])
            for ext, fmt in FORMATS.items()
        }
