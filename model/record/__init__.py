"""The public record: its figures, the fit to them, its support and branches from it."""
