"""The DPRK sanctions revenue model: pure numpy and pandas, no Qt.

Everything a plot, the command line or a test needs is re-exported here.
"""

from dprk_explorer.model.evaluate import Result, evaluate
from dprk_explorer.model.grid import GridResult, evaluate_grid
from dprk_explorer.model.parameters import LEVER_IDS, PARAMETERS, Parameter
from dprk_explorer.model.presets import PRESETS, Preset, preset_scenario
from dprk_explorer.model.resources import ResourceError
from dprk_explorer.model.scenario import Scenario, ScenarioError

__all__ = [
    "LEVER_IDS",
    "PARAMETERS",
    "PRESETS",
    "GridResult",
    "Parameter",
    "Preset",
    "ResourceError",
    "Result",
    "Scenario",
    "ScenarioError",
    "evaluate",
    "evaluate_grid",
    "preset_scenario",
]
