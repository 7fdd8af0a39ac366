"""Renderers of the reference pages docs/model.md and docs/validation.md."""
