"""Named scenarios from the seeds and the public record, read from resources/presets.toml."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dprk_explorer.model.resources import RESOURCE_DIR, ResourceError, load_toml
from dprk_explorer.model.scenario import Scenario, ScenarioError


@dataclass(frozen=True)
class Preset:
    id: str
    label: str
    summary: str
    rationale: str
    sources: str
    scenario: Scenario


def load_presets(directory: Path = RESOURCE_DIR) -> dict[str, Preset]:
    file = "presets.toml"
    presets: dict[str, Preset] = {}
    for pid, entry in load_toml(directory / file).items():
        for field in ("label", "summary", "rationale", "sources", "values"):
            if field not in entry:
                raise ResourceError(f"{file}: preset [{pid}], field '{field}': is missing")
        try:
            mapping = dict(entry["values"])
            if "schedule" in entry:
                mapping["schedule"] = entry["schedule"]
            scenario = Scenario.from_mapping(mapping, name=entry["label"], notes=entry["rationale"])
        except ScenarioError as error:
            raise ResourceError(f"{file}: preset [{pid}], field 'values': {error}") from None
        presets[pid] = Preset(
            pid, entry["label"], entry["summary"], entry["rationale"], entry["sources"], scenario
        )
    return presets


PRESETS: dict[str, Preset] = load_presets()


def preset_scenario(name: str) -> Scenario:
    """The preset's scenario, or a ScenarioError listing the presets that exist."""
    try:
        return PRESETS[name].scenario
    except KeyError:
        raise ScenarioError(f"unknown preset '{name}'; allowed: {', '.join(PRESETS)}") from None
