"""Every baseline number carries a source; a broken resource file fails with one clear message."""

from __future__ import annotations

from pathlib import Path

import pytest

from dprk_explorer.model import PARAMETERS, ResourceError
from dprk_explorer.model.core.parameters import load_parameters
from dprk_explorer.model.presets import load_presets
from dprk_explorer.model.sources.resources import (
    load_channels,
    load_facts,
    load_history,
    load_timeline,
)
from tests.resource_helpers import edit


def test_every_number_has_a_source_and_a_certainty() -> None:
    for loader in (load_channels, load_facts, load_timeline, load_history):
        for row in loader():
            assert row["source"].strip()
            assert row["certainty"].strip()
            assert "unverified" not in row["certainty"]
    for parameter in PARAMETERS.values():
        assert parameter.source and parameter.certainty and parameter.description


def test_every_uncertain_assumption_has_a_plausible_range() -> None:
    for parameter in PARAMETERS.values():
        if parameter.group in ("assumption", "baseline", "timing"):
            assert parameter.low is not None and parameter.high is not None, parameter.id
            assert parameter.low <= parameter.default <= parameter.high, parameter.id


def test_a_non_numeric_cell_names_file_row_and_column(resources: Path) -> None:
    edit(
        resources / "baseline_channels.csv",
        "gross export receipts,95.5,70,57,80,",
        "gross export receipts,95.5,lots,57,80,",
    )
    with pytest.raises(ResourceError) as error:
        load_channels(resources)
    assert str(error.value) == (
        "baseline_channels.csv: row 2 (line 3), column 'revenue_usd_m': 'lots' is not a number"
    )


def test_an_empty_source_is_refused(resources: Path) -> None:
    path = resources / "baseline_facts.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[1] = "coal_tonnes_2016,Coal exported to China,22.49,million tonnes,2016,,sourced,"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(
        ResourceError, match=r"baseline_facts.csv: row 1 .*column 'source': is empty"
    ):
        load_facts(resources)


def test_a_missing_column_is_named(resources: Path) -> None:
    edit(resources / "china_imports_from_dprk.csv", "period,granularity,", "period,grain,")
    with pytest.raises(
        ResourceError, match=r"china_imports_from_dprk.csv: header lacks column\(s\) granularity"
    ):
        load_history(resources)


def test_a_short_row_is_named(resources: Path) -> None:
    path = resources / "baseline_channels.csv"
    path.write_text(path.read_text(encoding="utf-8") + "extra,Extra\n", encoding="utf-8")
    with pytest.raises(
        ResourceError, match=r"baseline_channels.csv: row 15 \(line 16\) has too few cells"
    ):
        load_channels(resources)


def test_a_bad_date_is_named(resources: Path) -> None:
    edit(resources / "sanctions_timeline.csv", "2017-02-19,", "19/02/2017,")
    with pytest.raises(
        ResourceError, match=r"sanctions_timeline.csv: row 4 .*column 'date': '19/02/2017'"
    ):
        load_timeline(resources)


def test_a_parameter_default_out_of_range_is_named(resources: Path) -> None:
    edit(resources / "parameters.toml", "default = 62", "default = 162")
    with pytest.raises(ResourceError) as error:
        load_parameters(resources)
    assert str(error.value) == (
        "parameters.toml: parameter [coal_ban_compliance], field 'default': 162 lies outside "
        "min-max 0-100"
    )


def test_malformed_toml_is_named(resources: Path) -> None:
    (resources / "presets.toml").write_text("[pre_ban_2016\n", encoding="utf-8")
    with pytest.raises(ResourceError, match=r"^presets.toml: malformed TOML"):
        load_presets(resources)


def test_a_preset_with_a_bad_value_is_named(resources: Path) -> None:
    edit(resources / "presets.toml", "border_laxity = 10", "border_laxity = 500")
    with pytest.raises(
        ResourceError,
        match=r"presets.toml: preset \[secondary_sanctions\], field 'values': "
        r"key 'border_laxity' = 500 is out of range",
    ):
        load_presets(resources)


def test_a_preset_schedule_step_out_of_range_is_named(resources: Path) -> None:
    edit(resources / "presets.toml", '{ "2018-06" = 50 }', '{ "2018-06" = 150 }')
    with pytest.raises(
        ResourceError,
        match=r"presets.toml: preset \[post_singapore_2018\], field 'values': schedule for "
        r"key 'border_laxity': at 2018-06 the value 150 is out of range",
    ):
        load_presets(resources)


def test_a_missing_file_is_named(resources: Path) -> None:
    (resources / "baseline_channels.csv").unlink()
    with pytest.raises(ResourceError, match=r"^baseline_channels.csv: file not found"):
        load_channels(resources)
