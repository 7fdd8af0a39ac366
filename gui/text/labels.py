"""What the waterfall's steps, the blocked kinds and the routes are called, declared once for
the window, the brief, the data export and the command line (the model names them by id:
`STEP_IDS`, `BLOCKED_IDS`, `ROUTE_IDS`, in the same order)."""

from __future__ import annotations

STEP_LABELS: dict[str, str] = {
    "coal_lost": "Coal lost",
    "other_bans_lost": "Other bans",
    "smuggling": "Smuggling",
    "redirected_exports": "Unbanned exports",
    "labour": "Labour",
    "labour_russia": "Labour Russia",
    "cyber_theft": "Cyber theft",
    "arms_transfers": "Arms Russia",
}
BLOCKED_LABELS: dict[str, str] = {
    "coal": "Coal",
    "other_bans": "Other banned goods",
    "border_closure": "Border closure (2020-23)",
    "labour": "Labour (repatriation)",
}
ROUTE_LABELS: dict[str, str] = {
    "smuggling": "Smuggling",
    "redirected_exports": "Exports no ban covers",
    "labour": "Labour",
    "labour_russia": "Labour in Russia",
    "cyber_theft": "Cyber theft",
    "arms_transfers": "Arms to Russia",
}
