"""Named scenarios from the seeds and the public record, read from resources/presets.toml."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path

from dprk_explorer.model.core.scenario import Scenario, ScenarioError, excerpt
from dprk_explorer.model.record.record import (
    RECORD_LABEL,
    RECORD_PRESET_ID,
    RECORD_SOURCES,
    RECORD_SUMMARY,
    RecordUnavailable,
    record_or_reason,
    record_scenario,
)
from dprk_explorer.model.sources.resources import RESOURCE_DIR, ResourceError, load_toml


@dataclass(frozen=True)
class Preset:
    id: str
    label: str
    summary: str
    rationale: str
    sources: str
    scenario: Scenario


#: Presets that branch from the record but cannot be built (the record is unavailable): why.
UNAVAILABLE: dict[str, str] = {}


def load_presets(directory: Path = RESOURCE_DIR) -> dict[str, Preset]:
    """The presets of presets.toml and, last, the fitted `record` preset. A preset that branches
    from the record is left out, with the reason in UNAVAILABLE, when the record cannot be read:
    the window still opens."""
    file = "presets.toml"
    presets: dict[str, Preset] = {}
    UNAVAILABLE.clear()
    for pid, entry in load_toml(directory / file).items():
        for field in ("label", "summary", "rationale", "sources", "values"):
            if field not in entry:
                raise ResourceError(f"{file}: preset [{pid}], field '{field}': is missing")
        try:
            mapping = dict(entry["values"])
            if "schedule" in entry:
                mapping["schedule"] = entry["schedule"]
            # A branch of the record: the preset's values over the record's, from the branch on.
            base = record_scenario(directory) if "branch" in mapping else None
            scenario = Scenario.from_mapping(
                mapping,
                name=entry["label"],
                notes=entry["rationale"],
                base=base,
                record=partial(record_scenario, directory),
            )
        except RecordUnavailable as error:
            UNAVAILABLE[pid] = str(error)
            continue
        except ScenarioError as error:
            raise ResourceError(f"{file}: preset [{pid}], field 'values': {error}") from None
        presets[pid] = Preset(
            pid, entry["label"], entry["summary"], entry["rationale"], entry["sources"], scenario
        )
    found, reason = record_or_reason(directory)
    if found is None:
        UNAVAILABLE[RECORD_PRESET_ID] = reason
    else:
        presets[RECORD_PRESET_ID] = Preset(
            RECORD_PRESET_ID,
            RECORD_LABEL,
            RECORD_SUMMARY,
            found.scenario.notes,
            RECORD_SOURCES,
            found.scenario,
        )
    return presets


PRESETS: dict[str, Preset] = load_presets()


def preset_scenario(name: str) -> Scenario:
    """The preset's scenario, or a ScenarioError listing the presets that exist."""
    if name in UNAVAILABLE:
        raise ScenarioError(f"preset '{name}': {UNAVAILABLE[name]}")
    try:
        return PRESETS[name].scenario
    except KeyError:
        raise ScenarioError(
            f"unknown preset {excerpt(name)}; allowed: {', '.join(PRESETS)}"
        ) from None
