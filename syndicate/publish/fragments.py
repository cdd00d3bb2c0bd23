"""Each entry rendered once per format, then spliced into every document that lists it.

An entry sits in about three documents (the province, its district, its category, or
their archive pages) in every format. `Fragments` renders it in all formats the first
time a document asks, cleaning and escaping its text once for all of them, and hands
the same bytes to every later document. Only the entry's `updated` stamp can differ
between documents (see `documents._listed`), so the pieces leave gaps for it.

A publish run renders archive pages in seq order, so entries come and go: `forget`
drops those no page still to come will list, and memory stays flat however large the
store.

Entries may come without their text (`FeedEntry.has_text`), as publishing reads them
from a large store: `load` reads the text of those about to be rendered in one go,
through the `EntryTexts` given, and `whole` hands out an entry with its text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from syndicate.model import EntryTexts, FeedDocument, FeedEntry
from syndicate.publish.documents import Listed
from syndicate.publish.fields import EntryText
from syndicate.publish.formats import FORMATS, Parts


class Fragments:
    """Rendered entries of one publish run, keyed by entry id."""

    def __init__(self, base_url: str, texts: EntryTexts | None = None, id_base: str = "") -> None:
        self.base_url = base_url
        self.id_base = id_base
        self._texts = texts
        self._parts: dict[str, dict[str, Parts]] = {}
        self._stamps: dict[datetime, dict[str, bytes]] = {}
        self._loaded: dict[str, FeedEntry] = {}  # entries whose text was read, by id

    def __len__(self) -> int:
        return len(self._parts)

    def parts(self, entry: FeedEntry) -> dict[str, Parts]:
        """The entry in every format (extension → pieces)."""
        found = self._parts.get(entry.id)
        if found is None:
            text = EntryText(self.whole(entry), self.base_url, self.id_base)
            found = {ext: fmt.entry(text) for ext, fmt in FORMATS.items()}
            self._parts[entry.id] = found
        return found

    def load(self, entries: Iterable[FeedEntry]) -> None:
        """Read, in one go, the text of those of `entries` that came without it and are
        neither rendered nor read yet."""
        wanted = {
            e.id: e
            for e in entries
            if not e.has_text and e.id not in self._parts and e.id not in self._loaded
        }
        if wanted:
            if self._texts is None:
                raise ValueError("entries without their text, and nothing to read it with")
            self._loaded.update(self._texts(wanted.values()))

    def whole(self, entry: FeedEntry) -> FeedEntry:
        """The entry with its text (read now if `load` was not told about it)."""
        if entry.has_text:
            return entry
        if entry.id not in self._loaded:
            self.load([entry])
        return self._loaded[entry.id]

    def stamps(self, moment: datetime) -> dict[str, bytes]:
        """An `updated` time as every format writes it."""
        found = self._stamps.get(moment)
        if found is None:
            found = {ext: fmt.stamp(moment) for ext, fmt in FORMATS.items()}
            self._stamps[moment] = found
        return found

    def forget(self, entry_ids: Iterable[str]) -> None:
        """Drop these entries, rendered or read: no document still to render lists them."""
        for entry_id in entry_ids:
            self._parts.pop(entry_id, None)
            self._loaded.pop(entry_id, None)
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
