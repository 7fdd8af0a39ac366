"""Exports for briefs: the actions and dialogs, options, the page renderer, file formats,
embedded metadata, data tables, and the headless `export` command."""
