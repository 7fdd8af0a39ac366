"""Exports for briefs: the actions and dialogs (actions), options, the figure entry point
(figure), the page's layout (page, headline_strip, print_text, plot_fit), the file formats
(writers, png), embedded metadata, data tables, and the headless `export` command."""
