"""What the waterfall's steps, the blocked kinds and the routes are called, declared once for
the window, the brief, the data export and the command line (the model names them by id:
`STEP_IDS`, `BLOCKED_IDS`, `ROUTE_IDS`, in the same order)."""

from __future__ import annotations

from dprk_explorer.model.core.flows import ROUTE_CHINA_GOVERNS as _ROUTE_CHINA_GOVERNS

#: Per route, whether China's enforcement governs it (the model's fact, for the views that
#: keep the two groups apart), and each group's words: the waterfall's captions, the brief's text.
ROUTE_CHINA_GOVERNS: dict[str, bool] = dict(_ROUTE_CHINA_GOVERNS)
ROUTE_GROUP_WORDS: dict[bool, str] = {
    True: "routes China's enforcement governs",
    False: "routes it does not",
}
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
#: The routes in the strip's one-line detail (lower case, short: the line is narrow).
ROUTE_SHORT_LABELS: dict[str, str] = {
    "smuggling": "smuggling",
    "redirected_exports": "unbanned",
    "labour": "labour",
    "labour_russia": "Russia labour",
    "cyber_theft": "cyber",
    "arms_transfers": "arms",
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
