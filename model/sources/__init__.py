"""The sourced tables in resources/, read and checked, and their citations."""
