"""The DPRK sanctions revenue model: pure numpy and pandas, no Qt.

Everything a plot, the command line or a test needs is re-exported here.
"""

from model.evaluate import Result, evaluate
from model.grid import GridResult, evaluate_grid
from model.parameters import LEVER_IDS, PARAMETERS, Parameter
from model.presets import PRESETS, Preset, preset_scenario
from model.resources import ResourceError
from model.scenario import Scenario, ScenarioError

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
