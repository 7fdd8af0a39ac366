"""The record preset: fitted to the public record, deterministic, committed equal to a fresh fit,
and refused with one clear message when record.toml is missing, corrupt or stale."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from dprk_explorer.gui.io.atomic import write_text
from dprk_explorer.model import evaluate, preset_scenario
from dprk_explorer.model.record.calibration import calibrate, fit, record_data
from dprk_explorer.model.record.record import (
    RECORD_FILE,
    RecordUnavailable,
    load_record_series,
    read_record,
    record_path,
)
from dprk_explorer.model.reference.validation import ANNUAL_TOLERANCE_PCT, render
from dprk_explorer.model.sources.resources import RESOURCE_DIR

ROOT = Path(__file__).resolve().parents[2]
#: The committed record.toml equals a fresh fit to this relative tolerance.
FRESH_TOLERANCE = 1e-6
CHINA_RECORD = {2016: 2630.0, 2017: 1720.0, 2018: 213.15}


def test_record_reproduces_china_customs_each_year() -> None:
    path = {row["year"]: row for row in evaluate(preset_scenario("record")).path_by_year()}
    for year, record in CHINA_RECORD.items():
        model = float(path[year]["recorded_exports_to_china_usd_m"])
        assert abs(model / record - 1.0) * 100 <= ANNUAL_TOLERANCE_PCT, (year, model)


def test_the_closure_cut_reproduces_its_source_jan_nov_2020() -> None:
    """The closure's cut is derived from China's Jan-Nov 2020 imports, 74 % below Jan-Nov 2019
    (Korea Herald, 2020-12-27): with the closure from 31 Jan, the record gives that ratio. The
    processing shift (issue 24) makes January 2020, before the closure, a larger share of the
    year, so the record gives 28 % with the same cut: within 3 points of its source."""
    monthly = evaluate(preset_scenario("record")).monthly_recorded_exports_to_china_usd_m
    jan_nov_2019, jan_nov_2020 = monthly[36:47].sum(), monthly[48:59].sum()
    assert jan_nov_2020 / jan_nov_2019 == pytest.approx(0.26, abs=0.03)


def test_fit_is_deterministic() -> None:
    figures = load_record_series()
    a, b = fit(figures), fit(figures)
    assert np.array_equal(a.theta, b.theta)
    assert np.array_equal(a.std_error, b.std_error)


def test_committed_record_equals_a_fresh_fit() -> None:
    committed = read_record()
    figures = load_record_series()
    fresh = record_data(fit(figures), figures, RESOURCE_DIR)
    assert len(fresh["fitted"]) == len(committed.fitted)
    for new, old in zip(fresh["fitted"], committed.fitted, strict=True):
        assert new["parameter"] == old.parameter and new["from"] == old.month
        assert new["value"] == pytest.approx(old.value, rel=FRESH_TOLERANCE, abs=1e-6)
        assert new["std_error"] == pytest.approx(old.std_error, rel=1e-4, abs=1e-4)
    for new_row, old_row in zip(fresh["residuals"], committed.residuals, strict=True):
        assert new_row["model"] == pytest.approx(old_row["model"], rel=FRESH_TOLERANCE)


def test_every_fitted_value_has_an_error_and_what_pins_it() -> None:
    for value in read_record().fitted:
        assert np.isfinite(value.std_error) and value.std_error > 0
        assert value.low <= value.value <= value.high
        assert value.pinned_by, value.parameter


def test_every_figure_used_has_a_source_and_a_quote() -> None:
    for figure in load_record_series():
        assert figure.source_url.startswith("http")
        assert figure.quote and figure.publisher
        if figure.use != "fit":
            assert figure.reason, figure.series


def test_validation_page_is_current() -> None:
    text = (ROOT / "docs" / "validation.md").read_text(encoding="utf-8")
    assert render() == text, (
        "run: python -m dprk_explorer.model.reference.validation docs/validation.md"
    )


def _copy_resources(tmp_path: Path) -> Path:
    folder = tmp_path / "resources"
    shutil.copytree(RESOURCE_DIR, folder, symlinks=False, ignore=shutil.ignore_patterns("*.py"))
    return folder


def test_calibrate_writes_atomically_and_reads_back(tmp_path: Path) -> None:
    folder = _copy_resources(tmp_path)
    (folder / RECORD_FILE).unlink()
    calibrate(write_text, folder)
    assert record_path(folder).exists()
    assert not list(folder.glob(".*.tmp"))
    assert read_record(folder).scenario.same_values(preset_scenario("record"))


@pytest.mark.parametrize("fault", ["missing", "corrupt", "stale", "bad value"])
def test_bad_record_file_is_one_clear_message(tmp_path: Path, fault: str) -> None:
    folder = _copy_resources(tmp_path)
    target = folder / RECORD_FILE
    if fault == "missing":
        target.unlink()
    elif fault == "corrupt":
        target.write_text("values = [[[", encoding="utf-8")
    elif fault == "stale":
        with (folder / "parameters.toml").open("a", encoding="utf-8") as out:
            out.write("\n# edited after the fit\n")
    else:
        text = target.read_text(encoding="utf-8")
        target.write_text(text.replace("[values]", "[values]\nborder_laxity = 400", 1))
    with pytest.raises(RecordUnavailable) as caught:
        read_record(folder)
    message = str(caught.value)
    assert RECORD_FILE in message and "\n" not in message
    assert "record is unavailable" in message


def test_start_up_reads_the_record_and_never_fits() -> None:
    import subprocess
    import sys

    code = (
        "import sys, dprk_explorer.model as m, dprk_explorer.gui.cli\n"
        "assert 'record' in m.PRESETS\n"
        "bad = [n for n in ('scipy', 'dprk_explorer.model.record.calibration')\n"
        "       if n in sys.modules]\n"
        "assert not bad, bad\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_presets_load_without_a_record_and_say_why(tmp_path: Path) -> None:
    from dprk_explorer.model import presets as presets_module
    from dprk_explorer.model.record.record import clear_cache

    folder = _copy_resources(tmp_path)
    (folder / RECORD_FILE).unlink()
    saved = dict(presets_module.UNAVAILABLE)
    try:
        loaded = presets_module.load_presets(folder)
        assert "record" not in loaded and "pre_ban_2016" in loaded
        reasons = dict(presets_module.UNAVAILABLE)
        assert "record" in reasons and RECORD_FILE in reasons["record"]
        assert "singapore_2018_branch" in reasons
    finally:
        presets_module.UNAVAILABLE.clear()
        presets_module.UNAVAILABLE.update(saved)
        clear_cache()


def test_cli_names_an_unavailable_record_and_exits_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from dprk_explorer.gui import cli
    from dprk_explorer.model import presets as presets_module

    reason = f"the record is unavailable: /x/{RECORD_FILE}: no such file"
    monkeypatch.setitem(presets_module.UNAVAILABLE, "record", reason)
    assert cli.main(["run", "--preset", "record"]) == 2
    err = capsys.readouterr().err.strip()
    assert RECORD_FILE in err and len(err.splitlines()) == 1
