"""Vietnamese text, pure functions only: Unicode folding and keys, dates as portals
print them, article bylines, and the legacy encodings of older pages."""
