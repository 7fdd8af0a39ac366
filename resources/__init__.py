"""Sourced data tables, shipped inside the package and read with importlib.resources."""
