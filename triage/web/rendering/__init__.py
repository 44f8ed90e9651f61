"""How pages are drawn: the Jinja set-up, glossary links, the timeline, content-only pieces."""
