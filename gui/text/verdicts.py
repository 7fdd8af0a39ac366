"""The robustness verdict, worded once for the headline, the analysis panel, the key numbers
and `run --analysis`."""

from __future__ import annotations

from dprk_explorer.gui.text.names import source_label
from dprk_explorer.model.analysis.robustness import Robustness

#: The sentence for a result whose story survives the uncertain ranges.
ROBUST = (
    "Robust: neither the sign of the net change nor the ranking of its sources flips within "
    "the uncertain ranges"
)


def verdict(check: Robustness) -> str:
    """'Robust: …' or 'Not robust: … can flip within the uncertain ranges' (no full stop), the
    sources named as the attribution names them."""
    return check.message(source_label) or ROBUST


def short_verdict(check: Robustness) -> tuple[str, str]:
    """The headline's two lines: 'Robust' / 'Not robust', and what holds or can flip."""
    flips = [
        name
        for name, flag in (("sign", check.sign_flips), ("ranking", check.ranking_flips))
        if flag
    ]
    return (
        "Robust" if check.robust else "Not robust",
        f"{' and '.join(flips)} can flip" if flips else "sign and ranking hold",
    )
