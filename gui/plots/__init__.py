"""The four live plots; each owns its pyqtgraph items and redraws them from a model Result."""
