"""Content packs: signed zip files that bring new content to offline office PCs (Qt-free)."""
