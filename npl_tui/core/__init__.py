"""The data core: schema, parsing, sources, cache and derived figures.

Imports no Textual (a test enforces it), so it can be used from scripts, the CLI
and tests without a terminal.
"""
