"""The headline figures, worded and formatted once: the window's strip, the brief's page and
the caption all show these strings."""

from __future__ import annotations

from dataclasses import dataclass

from dprk_explorer.gui.text import format as fmt
from dprk_explorer.model import Result


@dataclass(frozen=True)
class Headline:
    """One headline figure: caption, value, detail line."""

    caption: str
    value: str
    detail: str


#: Caption and tooltip of each headline figure, in the strip's order.
FIGURES: tuple[tuple[str, str], ...] = (
    ("Net revenue change a year", "Total scenario revenue minus the 2016 baseline, USD per year."),
    ("Coal revenue lost a year", "Official coal revenue the ban stops, against 2016, per year."),
    (
        "Share of the coal loss offset",
        "What smuggling, unbanned exports and labour win back (net of other bans), as a share "
        "of the coal revenue lost.",
    ),
    ("Total revenue a year", "Scenario revenue from all channels, per year."),
)


def coal_baseline_usd_m(result: Result) -> float:
    """The 2016 coal revenue, looked up by the channel's id."""
    return float(result.baseline_usd_m[result.channels.index("coal")])


def headline_numbers(result: Result) -> list[Headline]:
    """The four figures for `result`, in the order of FIGURES."""
    ratio = result.offset_ratio
    values = [
        (
            fmt.usd(result.net_change_usd_m, signed=True),
            f"{fmt.pct(result.net_change_pct, signed=True, digits=1)} vs 2016",
        ),
        (fmt.usd(result.coal_loss_usd_m), f"of {fmt.usd(coal_baseline_usd_m(result))} in 2016"),
        (
            "no coal lost" if ratio is None else fmt.pct(100 * ratio),
            "" if ratio is None else f"{fmt.usd(result.offset_total_usd_m, signed=True)} won back",
        ),
        (fmt.usd(result.total_scenario_usd_m), f"2016: {fmt.usd(result.total_baseline_usd_m)}"),
    ]
    return [
        Headline(caption, value, detail)
        for (caption, _tip), (value, detail) in zip(FIGURES, values, strict=True)
    ]
