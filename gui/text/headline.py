"""The headline figures, worded and formatted once: the window's strip, the brief's page and
the caption all show these strings."""

from __future__ import annotations

from dataclasses import dataclass

from dprk_explorer.gui.text import format as fmt
from dprk_explorer.model import Result
from dprk_explorer.model.branch import vs_record_by_year
from dprk_explorer.model.timeline import YEARS


@dataclass(frozen=True)
class Headline:
    """One headline figure: caption, value, detail line."""

    caption: str
    value: str
    detail: str


#: Caption and tooltip of each headline figure, in the strip's order.
FIGURES: tuple[tuple[str, str], ...] = (
    ("Net change a year", "Total scenario revenue minus the 2016 baseline, USD per year."),
    (
        "Blocked by the bans",
        "Revenue the bans stop at official customs against 2016: coal, the other banned goods, "
        "the 2020 border closure and repatriated labour, per year.",
    ),
    (
        "Won back of that",
        "What smuggling, exports no ban covers and labour win back, as a share of what the bans "
        "blocked. Never negative: a route that loses counts as blocked, not as won back.",
    ),
    (
        "Total revenue a year",
        "Scenario revenue from all channels, per year: goods are gross export receipts, labour "
        "is what the state takes (net).",
    ),
)


def coal_baseline_usd_m(result: Result) -> float:
    """The 2016 coal revenue, looked up by the channel's id."""
    return float(result.baseline_usd_m[result.channels.index("coal")])


def blocked_detail(result: Result) -> str:
    """'coal $1.18 bn + $1.26 bn': what the bans blocked, coal and the rest."""
    blocked = result.blocked_usd_m
    rest = result.blocked_total_usd_m - blocked["coal"]
    return f"coal {fmt.usd(blocked['coal'])} + {fmt.usd(rest)}"


def won_back_detail(result: Result) -> str:
    """'smuggling $206 m': how much of what was won back smuggling won."""
    if result.recovery_ratio is None:
        return ""
    smuggling = result.recovered_usd_m["smuggling"]
    return f"smuggling {fmt.usd(smuggling)}"


def vs_record_text(year: int, difference_usd_m: float) -> str:
    """'vs record 2019: +$140 m' (a counterfactual against what happened; short enough for
    the strip at 1280 px)."""
    return f"vs record {year}: {fmt.usd(difference_usd_m, signed=True)}"


def vs_record_detail(
    result: Result, record_path: list[dict[str, float | int]], year: int | None
) -> str:
    """The net change's detail for a counterfactual branched from the record: its difference
    from the record (`record_path`: the record's path_by_year) in the year shown, the chosen
    one, else the first whole year after the branch. One rule for the strip and the brief."""
    branch = result.scenario.branch
    assert branch is not None
    shown = year if year is not None else min(int(branch[:4]) + 1, YEARS[-1])
    rows = vs_record_by_year(result.path_by_year(), record_path)
    difference = next(float(row["total_usd_m"]) for row in rows if row["year"] == shown)
    return vs_record_text(shown, difference)


def headline_numbers(result: Result) -> list[Headline]:
    """The four figures for `result`, in the order of FIGURES."""
    ratio = result.recovery_ratio
    when = "vs 2016" if result.year is None else "vs no sanctions"  # the caption names the year
    values = [
        (
            fmt.usd(result.net_change_usd_m, signed=True),
            f"{fmt.pct(result.net_change_pct, signed=True, digits=1)} {when}",
        ),
        (fmt.usd(result.blocked_total_usd_m), blocked_detail(result)),
        ("nothing blocked" if ratio is None else fmt.pct(100 * ratio), won_back_detail(result)),
        (
            fmt.usd(result.total_scenario_usd_m),
            "goods gross, labour net",
        ),
    ]
    period = "a year" if result.year is None else f"in {result.year}"
    return [
        Headline(caption.replace("a year", period), value, detail)
        for (caption, _tip), (value, detail) in zip(FIGURES, values, strict=True)
    ]
