"""The window's panels: levers, presets, pins, assumptions, headline strip, analysis, help."""
