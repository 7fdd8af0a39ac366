"""The DPRK sanctions revenue model: pure numpy and pandas, no Qt.

Everything a plot, the command line or a test needs is re-exported here: the views read the
model's declarations (ids, parameters, the analysis' size) from this package and its types only
under TYPE_CHECKING; what computes they never import (an import-linter contract).
"""

from dprk_explorer.model.analysis.attribution import OTHER_SOURCE_IDS
from dprk_explorer.model.analysis.bands import N_DRAWS
from dprk_explorer.model.analysis.goal_seek import LEVER as GOAL_LEVER
from dprk_explorer.model.core.evaluate import Result, evaluate
from dprk_explorer.model.core.flows import STEP_IDS
from dprk_explorer.model.core.grid import GridResult, evaluate_grid
from dprk_explorer.model.core.parameters import LEVER_IDS, PARAMETERS, Parameter
from dprk_explorer.model.core.scenario import Scenario, ScenarioError
from dprk_explorer.model.presets import PRESETS, Preset, preset_scenario
from dprk_explorer.model.sources.resources import ResourceError

__all__ = [
    "GOAL_LEVER",
    "LEVER_IDS",
    "N_DRAWS",
    "OTHER_SOURCE_IDS",
    "PARAMETERS",
    "PRESETS",
    "STEP_IDS",
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
