"""A year shown is a year answered (issue 22): every plot draws the answer for 2019, against no
sanctions in 2019, with the pins, the record, the bands, the map and the analysis for 2019 too.

The answer is built through the model as the window builds it: the record branched at 2018-06
with a 5 % border laxity, two pins (one with a schedule of its own), the analysis from
`analyse(scenario, period=2019)` and the map for 2019. The tests read what is drawn: label and
axis texts, bar geometry, the map's marker and the image under it.
"""

from __future__ import annotations

import numpy as np
import pytest
from PySide6 import QtCore
from pytestqt.qtbot import QtBot

from dprk_explorer import model
from dprk_explorer.gui import palette
from dprk_explorer.gui.pins import RECORD_INDEX, Pin
from dprk_explorer.gui.plots.attribution import AttributionPlot
from dprk_explorer.gui.plots.base import StyledPlot
from dprk_explorer.gui.plots.channels import ChannelPlot
from dprk_explorer.gui.plots.revenue_map import RevenueMapPlot
from dprk_explorer.gui.plots.timeline import TimelinePlot, epoch_seconds, month_midpoints
from dprk_explorer.gui.plots.tornado import TornadoPlot
from dprk_explorer.gui.plots.waterfall import WaterfallPlot
from dprk_explorer.gui.text import format as fmt
from dprk_explorer.gui.text.answer_words import source_name
from dprk_explorer.gui.view_state import View
from dprk_explorer.gui.widgets.headline import HeadlineStrip
from dprk_explorer.model.answer import Answer
from dprk_explorer.model.core.period import STEADY
from tests.gui.answer_helpers import (
    YEAR_2019,
    answer_of,
    pinned,
    tight_border,
    tight_branch,
    view_of,
)
from tests.gui.plots.test_scale_and_ticks import drawn_tick_strings

COMPLIANCE, LAXITY = "coal_ban_compliance", "border_laxity"


def stepping_pin() -> model.Scenario:
    """A pin whose laxity steps inside the horizon: in force in 2019 is not its first value."""
    return model.Scenario.default().with_step(LAXITY, "2018-01", 60.0)


def two_pins() -> list[Pin]:
    return pinned(("Tight border", tight_border()), ("Lax from 2018", stepping_pin()))


def year_answer(pins: list[Pin], **given: object) -> Answer:
    return answer_of(tight_branch(), YEAR_2019, pins, analysis=True, grid=True, **given)  # type: ignore[arg-type]


def shown(qtbot: QtBot, plot: StyledPlot, width: int = 640, height: int = 420) -> StyledPlot:
    palette.configure_pyqtgraph()
    qtbot.addWidget(plot)
    plot.resize(width, height)
    plot.show()
    qtbot.waitExposed(plot)
    plot.getPlotItem().layout.activate()
    return plot


def drawn_texts(plot: StyledPlot) -> list[str]:
    """Every text the plot shows about what it draws: title, axis labels, legend entries,
    category ticks, value labels and the plot's tooltip."""
    item = plot.getPlotItem()
    texts = [item.titleLabel.text, plot.toolTip()]
    for name in ("left", "bottom"):
        axis = item.getAxis(name)
        texts.append(axis.labelText)
        ticks = axis._tickLevels  # explicitly set category ticks (channel names, sources)
        if ticks:
            texts += [text for level in ticks for _, text in level]
    legend = item.legend
    if legend is not None:
        texts += [label.text for _, label in legend.items]
    texts += [label.toPlainText() for label in getattr(plot, "value_labels", [])]
    return [text for text in texts if text]


# -- every plot says 2019 and never 2016 ----------------------------------------------------------


@pytest.mark.parametrize("cls", [ChannelPlot, WaterfallPlot, AttributionPlot, TornadoPlot])
def test_in_year_mode_no_plot_names_2016_as_the_base(qtbot: QtBot, cls: type) -> None:
    pins = two_pins()
    answer = year_answer(pins)
    plot = shown(qtbot, cls())
    plot.show_answer(answer, view_of(answer, pins, bands=True, record_shown=True))
    texts = drawn_texts(plot)
    if cls is TornadoPlot:
        # Its rows name assumptions, some of them the 2016 baselines ("Coal 2016, ..."), here
        # and in the tooltip's list of rows not shown: the chart's own words are checked.
        own_words = plot.toolTip().split("\nNot shown")[0]
        texts = [plot.getPlotItem().getAxis("bottom").labelText, own_words]
    assert any("2019" in text for text in texts), texts
    assert not [text for text in texts if "2016" in text]


def test_the_channel_plot_and_the_waterfall_name_the_base_of_2019(qtbot: QtBot) -> None:
    answer = year_answer([])
    channels = shown(qtbot, ChannelPlot())
    waterfall = shown(qtbot, WaterfallPlot())
    for plot in (channels, waterfall):
        plot.show_answer(answer, view_of(answer))
    legend = [label.text for _, label in channels.getPlotItem().legend.items]
    assert legend[:2] == ["No sanctions, 2019", "Scenario, 2019"]
    assert channels.getPlotItem().titleLabel.text == "Revenue by channel, 2019"
    assert channels.getPlotItem().getAxis("bottom").labelText == "Revenue (USD m in 2019)"
    assert waterfall.getPlotItem().getAxis("left").labelText == (
        "Change vs no sanctions (USD m in 2019)"
    )
    assert "net change against no sanctions, 2019" in waterfall.toolTip()
    # The bars are 2019's: the no-sanctions bars the no-sanctions path of 2019, not 2016's.
    widths = [rect.rect().width() for rect in channels.baseline.rects]
    assert widths == pytest.approx(answer.result.baseline_usd_m)
    steady = answer_of(tight_branch())
    assert not np.allclose(answer.result.baseline_usd_m, steady.result.baseline_usd_m)
    net = waterfall.bars.rects[-1].rect()
    assert net.height() == pytest.approx(abs(answer.net_change_usd_m))
    # Back to the steady state: the same plots say so.
    for plot in (channels, waterfall):
        plot.show_answer(steady, view_of(steady))
    legend = [label.text for _, label in channels.getPlotItem().legend.items]
    assert legend[:2] == ["No sanctions", "Scenario"]  # the title says "steady state"
    assert channels.getPlotItem().titleLabel.text.endswith("steady state")
    assert channels.getPlotItem().getAxis("bottom").labelText == "Revenue (USD m per year)"


# -- the bands, the pins and the record are 2019's ------------------------------------------------


def test_the_channel_whiskers_are_the_bands_of_2019(qtbot: QtBot) -> None:
    answer = year_answer([])
    plot = shown(qtbot, ChannelPlot())
    plot.show_answer(answer, view_of(answer))
    assert not plot.band_whiskers.isVisible()  # the view asks for no bands
    plot.show_answer(answer, view_of(answer, bands=True))
    assert plot.band_whiskers.isVisible()
    bands = answer.analysis.bands if answer.analysis is not None else None
    assert bands is not None and bands.period == YEAR_2019
    low = np.concatenate([bands.channel_p5, bands.baseline_channel_p5])
    high = np.concatenate([bands.channel_p95, bands.baseline_channel_p95])
    np.testing.assert_allclose(plot.band_whiskers.opts["x"], low)
    np.testing.assert_allclose(plot.band_whiskers.opts["right"], high - low)
    # Stale: the same whiskers, grey and named as updating.
    stale = answer.with_analysis(answer.analysis, fresh=False)
    plot.show_answer(stale, view_of(stale, bands=True))
    assert plot.band_whiskers.opts["pen"] == plot.stale_band_pen
    names = [label.text for _, label in plot.getPlotItem().legend.items]
    assert "5-95 % range (updating)" in names


def test_pins_and_the_record_are_ghosts_of_their_2019_figures(qtbot: QtBot) -> None:
    pins = two_pins()
    answer = year_answer(pins)
    plot = shown(qtbot, ChannelPlot())
    plot.show_answer(answer, view_of(answer, pins, record_shown=True))
    for pin, compared in zip(pins, answer.pins, strict=True):
        widths = [rect.rect().width() for rect in plot.ghosts[pin.slot].rects]
        top = max(answer.result.baseline_usd_m.max(), answer.result.scenario_usd_m.max())
        assert widths == pytest.approx(np.minimum(compared.result.scenario_usd_m, 1.5 * top))
        assert compared.result.period == YEAR_2019
    record = answer.record
    assert record is not None
    assert all(rect.isVisible() for rect in plot.ghosts[RECORD_INDEX].rects)
    legend = plot.getPlotItem().legend
    assert legend.getLabel(plot.ghost_swatches[RECORD_INDEX]).text == "The record, 2019"
    # In the steady state the record has no year beside the scenario.
    steady = answer_of(tight_branch(), STEADY, pins)
    plot.show_answer(steady, view_of(steady, pins, record_shown=True))
    assert not any(rect.isVisible() for rect in plot.ghosts[RECORD_INDEX].rects)
    # Nor beside a scenario that is not the record's: its difference is not the question.
    stylised = answer_of(tight_border(), YEAR_2019, pins)
    assert stylised.record is not None
    plot.show_answer(stylised, view_of(stylised, pins, record_shown=True))
    assert not any(rect.isVisible() for rect in plot.ghosts[RECORD_INDEX].rects)


def test_the_timeline_draws_the_whole_path_the_record_and_shades_2019(qtbot: QtBot) -> None:
    pins = two_pins()
    answer = year_answer(pins)
    plot = shown(qtbot, TimelinePlot(), 800, 420)
    assert isinstance(plot, TimelinePlot)
    plot.show_answer(answer, view_of(answer, pins, bands=True))
    # The scenario's whole monthly path (not the year's figures), and the record's fit.
    _, drawn = plot.scenario_curve.getData()
    np.testing.assert_allclose(drawn, answer.path.monthly_scenario_usd_m.sum(axis=0))
    record = answer.record_path
    assert record is not None and plot.record_curve.isVisible()
    x, fit = plot.record_curve.getData()
    np.testing.assert_array_equal(fit, record.monthly_recorded_exports_to_china_usd_m)
    np.testing.assert_array_equal(x, month_midpoints(record.months))
    for pin, compared in zip(pins, answer.pins, strict=True):
        _, total = plot.pin_curves[pin.slot].getData()
        np.testing.assert_allclose(total, compared.result.monthly_scenario_usd_m.sum(axis=0))
    # The months 2019's figures sum, shaded; none in the steady state.
    assert plot.period_region.isVisible()
    assert plot.period_region.getRegion() == (
        epoch_seconds(np.datetime64("2019-01-01")),
        epoch_seconds(np.datetime64("2020-01-01")),
    )
    bands = answer.analysis.bands if answer.analysis is not None else None
    assert bands is not None and plot.band.isVisible()
    np.testing.assert_array_equal(plot.band_high.getData()[1], bands.monthly_total_p95)
    steady = answer_of(tight_branch(), STEADY, pins)
    plot.show_answer(steady, view_of(steady, pins))
    assert not plot.period_region.isVisible()
    assert not plot.band.isVisible()


# -- the map: the setting, the pins and the goal where they are in force in 2019 -----------------


def value_at(plot: RevenueMapPlot, compliance: float, laxity: float) -> float:
    """The image value drawn under a point given in percent."""
    pixel = plot.image.mapFromView(QtCore.QPointF(compliance, laxity))
    return float(plot.image.image[int(np.floor(pixel.y())), int(np.floor(pixel.x()))])


def test_the_map_marks_the_levers_in_force_and_its_value_there_is_the_net_change(
    qtbot: QtBot,
) -> None:
    pins = two_pins()
    answer = year_answer(pins, goal_pct=-60.0)
    plot = shown(qtbot, RevenueMapPlot(), 560, 420)
    assert isinstance(plot, RevenueMapPlot)
    plot.show_answer(answer, view_of(answer, pins))
    x, y = plot.marker.getData()
    in_force = answer.levers_in_force
    assert (x[0], y[0]) == (in_force[COMPLIANCE], in_force[LAXITY]) == (100.0, 5.0)
    # Not the first values of the levers' schedules (the record's 99.9 % and 35.9 %).
    scenario = answer.scenario
    assert (scenario[COMPLIANCE], scenario[LAXITY]) != (x[0], y[0])
    # The map is 2019's: under the marker, the headline's net change.
    assert answer.grid is not None and answer.grid.period == YEAR_2019
    under = value_at(plot, x[0], y[0])
    strip = HeadlineStrip()
    qtbot.addWidget(strip)
    strip.show_answer(answer, view_of(answer, pins))
    assert fmt.usd(under, signed=True) == strip.net.value.text()
    assert under == pytest.approx(answer.net_change_usd_m, abs=1e-6)
    assert plot.marker_label.toPlainText().replace("\n", " ") == "setting in force, 2019"
    assert "2019" in plot.colour_bar.getAxis("right").labelText
    # Each pin at its own levers in force in 2019: the stepping pin at 60 % laxity, not 27 %.
    for pin, compared in zip(pins, answer.pins, strict=True):
        px, py = plot.pin_markers[pin.slot].getData()
        assert (px[0], py[0]) == (
            compared.levers_in_force[COMPLIANCE],
            compared.levers_in_force[LAXITY],
        )
    stepping = answer.pins[1]
    assert stepping.levers_in_force[LAXITY] == 60.0
    assert stepping.result.scenario[LAXITY] != 60.0
    # The goal for 2019 at the laxity in force.
    goal = answer.goal
    assert goal is not None and goal.period == YEAR_2019 and goal.compliance_pct is not None
    gx, gy = plot.goal_marker.getData()
    assert (gx[0], gy[0]) == (goal.compliance_pct, in_force[LAXITY])
    assert plot.goal_marker.isVisible()
    # A stale analysis: no goal marker (its line follows the map).
    stale = answer.with_analysis(answer.analysis, goal, fresh=False)
    plot.show_answer(stale, view_of(stale, pins))
    assert not plot.goal_marker.isVisible()


def test_a_map_not_yet_computed_for_the_period_is_not_drawn(qtbot: QtBot) -> None:
    answer = answer_of(tight_branch(), YEAR_2019)  # no grid for 2019 yet
    plot = shown(qtbot, RevenueMapPlot(), 560, 420)
    assert isinstance(plot, RevenueMapPlot)
    plot.show_answer(year_answer([]), View(period=YEAR_2019))
    assert plot.image.isVisible()
    plot.show_answer(answer, View(period=YEAR_2019))
    assert not plot.image.isVisible()
    assert not plot.contour_note.isVisible() and not plot.contour_label.isVisible()
    assert plot.marker_label.isVisible()


# -- the analysis charts are 2019's ---------------------------------------------------------------


def shapley_drawn(plot: AttributionPlot) -> np.ndarray:
    """Each drawn Shapley bar's signed value: it spans from min(v, 0), |v| wide."""
    opts = plot.shapley.opts
    x0, width = np.asarray(opts["x0"], dtype=float), np.asarray(opts["width"], dtype=float)
    return np.where(x0 < 0, x0, width)


def test_the_attribution_bars_are_every_source_in_words_and_sum_to_the_net_change(
    qtbot: QtBot,
) -> None:
    answer = year_answer([])
    plot = shown(qtbot, AttributionPlot(), 380, 320)
    assert isinstance(plot, AttributionPlot)
    plot.show_answer(answer, view_of(answer))
    assert answer.analysis is not None
    split = answer.analysis.attribution
    assert split.period == YEAR_2019
    sources = list(split.shapley_usd_m)
    assert {"bans", *model.LEVER_IDS} <= set(sources)  # the branch has the bans in play
    assert list(plot.rows) == [*sources, "net"]
    ticks = [
        text.replace("\n", " ") for _, text in plot.getPlotItem().getAxis("left")._tickLevels[0]
    ]
    assert ticks == [*(source_name(s) for s in sources), "Net change"]
    assert "The bans as written" in ticks and not any("_" in tick for tick in ticks)
    # Each name drawn whole beside its bar (an axis too narrow drops a name).
    drawn = [text.replace("\n", " ") for text in drawn_tick_strings(plot, "left")]
    assert sorted(drawn) == sorted(ticks)
    values = shapley_drawn(plot)
    *parts, net = values
    assert net == pytest.approx(answer.net_change_usd_m)  # 2019's, not the steady state's
    assert sum(parts) == pytest.approx(net)
    assert net != pytest.approx(answer_of(tight_branch()).net_change_usd_m)
    labels = [label.toPlainText() for label in plot.value_labels if label.isVisible()]
    assert labels == [fmt.usd(v, signed=True) for v in values]
    assert "Shapley values, which sum to the net change" in plot.toolTip()
    assert "USD m in 2019" in plot.getPlotItem().getAxis("bottom").labelText


def test_the_tornado_is_centred_on_the_net_change_of_2019(qtbot: QtBot) -> None:
    answer = year_answer([])
    plot = shown(qtbot, TornadoPlot(), 380, 600)
    assert isinstance(plot, TornadoPlot)
    plot.show_answer(answer, view_of(answer))
    assert answer.analysis is not None
    chart = answer.analysis.tornado
    assert chart.period == YEAR_2019
    assert plot.centre.value() == pytest.approx(answer.net_change_usd_m)
    assert plot.rows == [bar.parameter for bar in chart.bars if bar.moves]
    # The axis frames the bars, not zero: each bar is wide enough to read.
    low, high = plot.getPlotItem().getViewBox().viewRange()[0]
    widest = max(bar.span_usd_m for bar in chart.bars)
    assert widest > 0.3 * (high - low)
    assert plot.getPlotItem().getAxis("bottom").labelText == "Net change (USD m in 2019)"


def test_a_moment_old_analysis_of_the_steady_state_is_not_drawn_on_2019s_figures(
    qtbot: QtBot,
) -> None:
    """Just after the period changes, the analysis shown (greyed) is the steady state's: its
    whiskers and its goal belong to other bars and another map, so neither is drawn on 2019's;
    the attribution says which period it is for."""
    steady = answer_of(tight_branch(), STEADY, analysis=True, goal_pct=-60.0)
    year = answer_of(tight_branch(), YEAR_2019, grid=True)
    moment_old = year.with_analysis(steady.analysis, steady.goal, fresh=False)
    view = view_of(moment_old, bands=True)
    channels = shown(qtbot, ChannelPlot())
    channels.show_answer(steady, view_of(steady, bands=True))
    assert channels.band_whiskers.isVisible()
    channels.show_answer(moment_old, view)
    assert not channels.band_whiskers.isVisible()
    revenue_map = shown(qtbot, RevenueMapPlot(), 560, 420)
    assert isinstance(revenue_map, RevenueMapPlot)
    revenue_map.show_answer(moment_old, view)
    assert not revenue_map.goal_contour.isVisible() and not revenue_map.goal_marker.isVisible()
    attribution = shown(qtbot, AttributionPlot(), 380, 320)
    attribution.show_answer(moment_old, view)
    assert attribution.getPlotItem().getAxis("bottom").labelText == "Net change (USD m per year)"
    assert "for steady state, being updated for 2019" in attribution.toolTip()
    assert attribution.shapley.opacity() == pytest.approx(AttributionPlot.STALE_OPACITY)
