"""The headline strip, the pins panel and the analysis panel draw one answer (issue 22): in a
year, every figure, comparison and sentence is that year's, against no sanctions in it.

The answer is the model's, as the window builds it: the record branched at 2018-06 with a 5 %
border laxity, for 2019, two pins, the analysis from `analyse(scenario, period=2019)`. The tests
read the texts the widgets show.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest
from PySide6 import QtGui
from pytestqt.qtbot import QtBot

from dprk_explorer.gui.analysis_runner import AnalysisRunner
from dprk_explorer.gui.pins import NONE_TEXT, Pin, PinStore
from dprk_explorer.gui.state import ScenarioState
from dprk_explorer.gui.text import format as fmt
from dprk_explorer.gui.text.answer_words import BAND_POSITION_WORDS
from dprk_explorer.gui.widgets.analysis_panel import AnalysisPanel
from dprk_explorer.gui.widgets.headline import HeadlineStrip
from dprk_explorer.gui.widgets.pin_panel import LIVE_COLUMN, PinPanel
from dprk_explorer.model.answer import Answer
from dprk_explorer.model.core.period import STEADY
from tests.gui.answer_helpers import (
    YEAR_2019,
    answer_of,
    lax_border,
    pinned,
    tight_border,
    tight_branch,
    view_of,
)


def two_pins() -> list[Pin]:
    return pinned(("Tight border", tight_border()), ("Lax border", lax_border()))


def year_answer(pins: list[Pin], **given: object) -> Answer:
    return answer_of(tight_branch(), YEAR_2019, pins, analysis=True, **given)  # type: ignore[arg-type]


@pytest.fixture
def strip(qtbot: QtBot) -> HeadlineStrip:
    widget = HeadlineStrip()
    qtbot.addWidget(widget)
    widget.resize(1280, 120)
    widget.show()
    return widget


@pytest.fixture
def state(qtbot: QtBot) -> Iterator[ScenarioState]:
    yield ScenarioState(tight_branch())


# -- the headline ---------------------------------------------------------------------------------


def strip_texts(strip: HeadlineStrip) -> list[str]:
    out = [strip.support.text(), strip.robust.toolTip(), strip.net_vs.full_text]
    for figure in strip.figures:
        out += [figure.title.text(), figure.value.text(), figure.detail.text(), figure.toolTip()]
    return [text for text in out if text]


def test_the_strip_shows_2019_against_no_sanctions_in_2019_and_the_record(
    strip: HeadlineStrip,
) -> None:
    pins = two_pins()
    answer = year_answer(pins)
    strip.show_answer(answer, view_of(answer, pins))
    assert strip.net.title.text() == "Net change in 2019"
    assert strip.net.value.text() == fmt.usd(answer.net_change_usd_m, signed=True)
    assert strip.total.value.text() == fmt.usd(answer.total_usd_m)
    assert strip.total.title.text() == "Total revenue in 2019"
    # A branch of the record: under the net change, its difference from the record in 2019.
    assert answer.vs_record_usd_m is not None
    assert (
        strip.net.detail.text() == f"vs the record: {fmt.usd(answer.vs_record_usd_m, signed=True)}"
    )
    assert "the record, 2019" in strip.net.toolTip()
    assert "no sanctions, 2019" in strip.net.toolTip()
    # What the record supports, as the model words it for the period.
    support = answer.support_text
    assert support.startswith("outside the range the record supports: border laxity 5 %")
    assert strip.support.text() == support[0].upper() + support[1:]
    texts = strip_texts(strip)
    assert not [text for text in texts if "2016" in text], texts
    # A scenario that is no branch: its share of no sanctions, and no vs-record line.
    plain = answer_of(tight_border(), YEAR_2019)
    strip.show_answer(plain, view_of(plain))
    assert strip.net.detail.text() == (
        f"{fmt.pct(plain.result.net_change_pct, signed=True, digits=1)} vs no sanctions"
    )
    assert strip.support.text() == ""


def test_the_strip_compares_with_the_pin_for_the_same_year(strip: HeadlineStrip) -> None:
    pins = two_pins()
    answer = year_answer(pins)
    assert not strip.net_vs.isVisible()
    strip.show_answer(answer, view_of(answer, pins, compared_pin=1))
    assert strip.comparison is pins[1]
    lax = answer.pins[1]
    assert strip.net_vs.isVisible() and strip.offset_vs.isVisible()
    assert strip.net_vs.full_text == (
        f"vs Lax border: {fmt.usd(lax.net_change_difference_usd_m, signed=True)}"
    )
    ratio = lax.result.recovery_ratio
    assert ratio is not None
    assert strip.offset_vs.full_text == f"vs Lax border: {fmt.pct(100 * ratio)}"
    # 2019's difference, not the steady states': the pin's steady state would say another.
    steady = answer_of(tight_branch(), STEADY, pins)
    assert fmt.usd(steady.pins[1].net_change_difference_usd_m, signed=True) not in (
        strip.net_vs.full_text
    )
    assert "2019" in strip.net_vs.toolTip()
    strip.show_answer(answer, view_of(answer, pins))  # no pin chosen
    assert strip.comparison is None
    assert not strip.net_vs.isVisible() and not strip.offset_vs.isVisible()


def shifted(answer: Answer, by_usd_m: float) -> Answer:
    """The answer with its bands moved by `by_usd_m`: the figures as set then lie outside."""
    assert answer.analysis is not None
    bands = answer.analysis.bands
    moved = dataclasses.replace(
        bands,
        net_change_p5=bands.net_change_p5 + by_usd_m,
        net_change_p95=bands.net_change_p95 + by_usd_m,
        total_p5=bands.total_p5 + by_usd_m,
        total_p95=bands.total_p95 + by_usd_m,
    )
    return answer.with_analysis(dataclasses.replace(answer.analysis, bands=moved), fresh=True)


@pytest.mark.parametrize("by_usd_m", [0.0, 5000.0, -5000.0])
def test_the_band_sentence_says_where_the_figures_lie_against_the_band(
    strip: HeadlineStrip, state: ScenarioState, qtbot: QtBot, by_usd_m: float
) -> None:
    answer = shifted(year_answer([]), by_usd_m)
    net_at, total_at = answer.band_position("net_change"), answer.band_position("total")
    assert net_at is not None and total_at is not None
    expected = {0.0: "inside", 5000.0: "below", -5000.0: "above"}[by_usd_m]
    assert net_at == total_at == expected
    strip.show_answer(answer, view_of(answer))
    panel = analysis_panel(qtbot, state)
    panel.show_answer(answer, view_of(answer))
    assert answer.analysis is not None
    bands = answer.analysis.bands
    for text in (strip.robust.toolTip(), panel.band_text.text()):
        assert f"5-95 % ranges in 2019: net change {fmt.usd(bands.net_change_p5, signed=True)}" in (
            text
        )
        assert (
            f"The net change as set ({fmt.usd(answer.net_change_usd_m, signed=True)}) lies "
            f"{BAND_POSITION_WORDS[net_at]}"
        ) in text
        assert (
            f"the total as set ({fmt.usd(answer.total_usd_m)}) lies {BAND_POSITION_WORDS[total_at]}"
        ) in text


def test_the_robustness_flag_is_marked_while_the_analysis_is_a_moment_old(
    strip: HeadlineStrip,
) -> None:
    answer = year_answer([])
    assert answer.analysis is not None
    strip.show_answer(answer_of(tight_branch(), YEAR_2019), view_of(answer))
    assert strip.robust.value.text() == "checking…"
    strip.show_answer(answer, view_of(answer))
    flag = "Robust" if answer.analysis.robustness.robust else "Not robust"
    assert strip.robust.value.text() == flag
    stale = answer.with_analysis(answer.analysis, fresh=False)
    strip.show_answer(stale, view_of(stale))
    assert strip.robust.value.text() == f"{flag} …"
    assert strip.robust.toolTip().startswith("Updating")


# -- the analysis panel ---------------------------------------------------------------------------


def analysis_panel(qtbot: QtBot, state: ScenarioState) -> AnalysisPanel:
    runner = AnalysisRunner(state)
    bands = QtGui.QAction("bands")
    bands.setCheckable(True)
    panel = AnalysisPanel(state, runner, bands)
    qtbot.addWidget(panel)
    panel._bands_action = bands  # type: ignore[attr-defined]  # kept alive with the panel
    return panel


def test_the_analysis_panel_is_2019s_and_says_the_parts_sum_to_the_net_change(
    qtbot: QtBot, state: ScenarioState
) -> None:
    panel = analysis_panel(qtbot, state)
    panel.goal_check.setChecked(True)
    answer = year_answer([], goal_pct=-60.0)
    panel.show_answer(answer, view_of(answer))
    assert answer.analysis is not None and answer.goal is not None
    assert panel.attribution_note.text() == (
        f"Shapley values, which sum to the net change in 2019 "
        f"({fmt.usd(answer.net_change_usd_m, signed=True)}): each lever, the bans as "
        "written, the 2020-2023 border closure and routes beyond China."
    )
    assert panel.attribution.rows[-1] == "net"
    assert panel.tornado.centre.value() == pytest.approx(answer.net_change_usd_m)
    assert panel.goal_answer.text().endswith("in 2019.")
    assert panel.goal_apply.isEnabled()
    assert "against no sanctions, 2019" in panel.goal_check.toolTip()
    assert "2016" not in panel.band_text.text()
    # Stale: marked, and the goal cannot be applied.
    stale = answer.with_analysis(answer.analysis, answer.goal, fresh=False)
    panel.show_answer(stale, view_of(stale))
    assert panel.band_text.text().startswith("<i>Updating…</i>")
    assert panel.attribution_note.text().endswith("(updating)")
    assert not panel.goal_apply.isEnabled()


# -- the pins panel -------------------------------------------------------------------------------


def test_the_pins_panel_shows_each_pin_for_2019(qtbot: QtBot, state: ScenarioState) -> None:
    store = PinStore()
    panel = PinPanel(store, state)
    qtbot.addWidget(panel)
    pins = two_pins()
    answer = year_answer(pins)
    panel.show_answer(answer, view_of(answer, pins, compared_pin=0))
    assert "2019" in panel.table_title.text()
    for row, pin, compared in zip(panel.rows, pins, answer.pins, strict=False):
        assert row.pin is pin
        assert row.net.text() == fmt.usd(compared.result.net_change_usd_m, signed=True)
        assert row.net.text() != fmt.usd(pin.result.net_change_usd_m, signed=True)  # steady
        assert "no sanctions, 2019" in row.net.toolTip()
    for pin, compared in zip(pins, answer.pins, strict=True):
        assert panel.cell("Net change", pin.name) == fmt.usd_m(
            compared.result.net_change_usd_m, signed=True
        )
        assert panel.cell("Total revenue", pin.name) == fmt.usd_m(
            compared.result.total_scenario_usd_m
        )
    assert panel.cell("Net change", LIVE_COLUMN) == fmt.usd_m(answer.net_change_usd_m, signed=True)
    combo = panel.combo
    assert [combo.itemText(i) for i in range(combo.count())] == [NONE_TEXT, *(p.name for p in pins)]
    assert panel.comparison is pins[0]
    # The view's choice is what the combo shows; a choice there is announced.
    panel.show_answer(answer, view_of(answer, pins, compared_pin=None))
    assert panel.comparison is None
    with qtbot.waitSignal(panel.comparisonChanged) as chosen:
        combo.setCurrentIndex(2)
    assert chosen.args == [pins[1]]
