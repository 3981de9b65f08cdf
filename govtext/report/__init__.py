"""Showing results: aligned tables for the terminal (:mod:`.display`, :mod:`.tables`), the
self-contained HTML page (:mod:`.html`), per-article summaries (:mod:`.summary`), PNG charts
(:mod:`.plots`) and the one label palette they all colour with (:mod:`.palette`)."""
