"""The plots: a common base, lean Qt items, the four live plots and the two analysis charts."""
