"""Every file the app writes reads back to the scenario it was written from (issue 25), for
random scenarios with schedules and branches, named and annotated with every class of character
a user may paste: markup, bidirectional overrides, control and format characters, line breaks
of every kind, digits that are not ASCII, surrogates and noncharacters.

The files: a saved scenario, the autosaved session and pins, the settings' last scenario, the
Excel workbook's embedded scenario, and PNG, SVG and PDF figures. Written by the window's own
writers, read by the app's own readers.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, find, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from dprk_explorer.gui.io.embedded_scenario import scenario_from_file
from dprk_explorer.gui.io.session import Autosave, restore_pins
from dprk_explorer.gui.pins import MAX_PINS, PinStore
from dprk_explorer.gui.window import MainWindow, last_scenario
from dprk_explorer.model import PARAMETERS, Scenario, evaluate
from dprk_explorer.model.core.scenario import clean_text
from dprk_explorer.model.core.timeline import MONTHS
from dprk_explorer.model.record.record import record_scenario
from tests.strategies import value_strategy


@pytest.fixture
def window(shared_window: MainWindow) -> MainWindow:
    """One window for the module, reset and checked before each test (tests/shared_window.py)."""
    return shared_window


MONTH_TEXTS = [str(m) for m in MONTHS]
#: One of each class of character the hostile-input audit used, besides any character at all.
PASTED = [
    *'<img src="/dev/zero">&amp;=+-@#[]{}\'"\\',
    *"\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c",
    *"\u200b\u200c\u200d\u2060\ufeff\u00ad\U000e0041",
    *"\n\r\t\x0b\x0c\x1c\x85\u2028\u2029\x00\x07\x1b\x7f\x9b",
    *"²⓽፩０９٠٩",
    *"\ud800\udfff\ufffe\uffff\ufdd0\U0010fffe\U0010fffd\xa0\u3000",
    *"عבא👩\u200d🔬",
]
CHARACTERS = st.one_of(st.sampled_from(PASTED), st.characters())
TEXTS = st.text(CHARACTERS, max_size=40)


@st.composite
def scenarios(draw: st.DrawFn) -> Scenario:
    """Any valid scenario: some parameters set, some scheduled, perhaps branched."""
    keys = draw(st.lists(st.sampled_from(list(PARAMETERS)), unique=True, max_size=6))
    mapping: dict[str, object] = {key: draw(value_strategy(key)) for key in keys}
    scheduled = draw(st.lists(st.sampled_from(list(PARAMETERS)), unique=True, max_size=3))
    schedule = {}
    for key in scheduled:
        months = draw(
            st.lists(st.sampled_from(MONTH_TEXTS[1:]), unique=True, min_size=1, max_size=3)
        )
        schedule[key] = {month: draw(value_strategy(key)) for month in sorted(months)}
    mapping["schedule"] = schedule
    branch = draw(st.one_of(st.none(), st.sampled_from(MONTH_TEXTS)))
    if branch is not None:
        mapping["branch"] = branch
    return Scenario.from_mapping(
        mapping, name=draw(TEXTS), notes=draw(st.text(CHARACTERS)), record=record_scenario
    )


#: `find` takes the first example it draws: shrinking it to the smallest (each step a new
#: scenario built) cost seconds and is no part of what the test asks.
FIRST_FOUND = settings(max_examples=2_000, phases=[Phase.generate], database=None)


def test_the_strategy_draws_schedules_branches_and_pasted_text() -> None:
    """Each feature the read-back tests rely on is drawn (each alone: all three in one example
    are rare enough that the search took seconds, and the files read back each separately)."""
    assert find(scenarios(), lambda s: bool(s.schedules), settings=FIRST_FOUND).schedules
    assert find(scenarios(), lambda s: s.branch is not None, settings=FIRST_FOUND).branch
    pasted = find(scenarios(), lambda s: "<" in s.name + s.notes, settings=FIRST_FOUND)
    assert "<" in pasted.name + pasted.notes
    # the sanitiser has work to do
    assert find(TEXTS, lambda text: clean_text(text) != text, settings=FIRST_FOUND)


READ_BACK = settings(
    # Each example writes and reads five files (a workbook among them): five keep the suite
    # quick; a CI run draws the same five every time (tests/conftest.py), developers' new ones.
    max_examples=5,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def about_sheet_scenario(path: Path) -> Scenario:
    """The scenario embedded in a workbook's 'about' sheet, one TOML line per cell."""
    lines = [cell.value or "" for cell in load_workbook(path)["about"]["A"]][1:]
    start = lines.index("Scenario (TOML):") + 1
    return Scenario.from_toml_text("\n".join(lines[start:]), record=record_scenario)


@READ_BACK
@given(scenario=scenarios(), pinned=st.lists(st.tuples(scenarios(), TEXTS), max_size=MAX_PINS))
def test_every_text_file_reads_back_to_the_same_scenario(
    window: MainWindow,
    tmp_path: Path,
    scenario: Scenario,
    pinned: list[tuple[Scenario, str]],
) -> None:
    window.pins.clear()
    for each, name in pinned:
        window.pins.pin(name, evaluate(each))
    window.state.replace(scenario, "read back")
    shown = window.state.scenario
    assert shown == scenario

    saved = tmp_path / "saved.toml"
    assert window.files.write(saved)
    assert Scenario.from_file(saved, record=record_scenario) == shown

    autosave = Autosave(window.state, tmp_path / "session.toml", tmp_path / "lock", window.pins)
    autosave.save_now()
    assert autosave.saves == 1
    assert Scenario.from_file(tmp_path / "session.toml", record=record_scenario) == shown
    restored = PinStore()
    assert restore_pins(restored, autosave.pins_path) == ""
    assert [(p.name, p.result.scenario) for p in restored.pins] == [
        (p.name, p.result.scenario.renamed(p.name)) for p in window.pins.pins
    ]

    window.save_settings()
    assert window.settings is not None
    assert last_scenario(window.settings)[0] == shown

    assert window.exporter.export_data(tmp_path / "tables.xlsx")
    assert about_sheet_scenario(tmp_path / "tables.xlsx") == shown


@pytest.mark.parametrize("suffix", [".png", ".svg", ".pdf"])
@settings(
    max_examples=2,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(scenario=scenarios())
def test_every_figure_reads_back_to_the_same_scenario(
    window: MainWindow, tmp_path: Path, suffix: str, scenario: Scenario
) -> None:
    window.state.replace(scenario, "read back")
    out = tmp_path / f"figure{suffix}"
    assert window.exporter.export_figure(out, "offsets", dpi=50), window.exporter.last_error
    assert scenario_from_file(out) == scenario
