"""Honest scenario names: once settings leave a preset, the scenario is no longer that preset.

Every place a name shows (the window title, a brief's title and caption, the default file name,
the embedded scenario, new pins) reads the scenario's own name, so renaming the scenario here
keeps them all honest at once.
"""

from __future__ import annotations

from dprk_explorer.model import PRESETS, Preset, Scenario

CUSTOM = "Custom (from {label})"
#: Names that name nothing: the model's default scenario, a scenario the user left unnamed.
UNNAMED = ("Untitled scenario", "Default")


def custom_name(preset: Preset) -> str:
    return CUSTOM.format(label=preset.label)


def origin(scenario: Scenario) -> Preset | None:
    """The preset a scenario carries the name of, plain or as 'Custom (from …)'."""
    for preset in PRESETS.values():
        if scenario.name in (preset.label, custom_name(preset)):
            return preset
    return None


def honest(scenario: Scenario) -> Scenario:
    """`scenario`, renamed if its name claims a preset whose settings it no longer has:
    'Custom (from <preset>)', and the preset's rationale is dropped from its notes (it is not
    the user's note). Back at the preset's settings, it is the preset again."""
    preset = origin(scenario)
    if preset is None:
        return scenario
    same = preset.scenario.same_values(scenario)
    if same and scenario.name == custom_name(preset):
        notes = scenario.notes or preset.scenario.notes
        return scenario.renamed(name=preset.label, notes=notes)
    if not same and scenario.name == preset.label:
        notes = "" if scenario.notes == preset.rationale else scenario.notes
        return scenario.renamed(name=custom_name(preset), notes=notes)
    return scenario


def named(scenario: Scenario) -> Scenario:
    """An unnamed scenario with a preset's settings, under the preset's name (for the window's
    title): the model's default has the settings of 'UNSC 2321 target (62% coal cut)', and
    the title said "Default" while the preset selector said the preset."""
    if scenario.name not in UNNAMED:
        return scenario
    for preset in PRESETS.values():
        if preset.scenario.same_values(scenario) and preset.scenario.branch == scenario.branch:
            return scenario.renamed(name=preset.label)
    return scenario


def differences(scenario: Scenario, preset: Preset) -> dict[str, tuple[object, object]]:
    """Parameter id -> (preset's value, scenario's value) for every setting that differs."""
    return {
        key: (preset.scenario[key], value)
        for key, value in scenario.values.items()
        if value != preset.scenario[key]
    }
