"""The wording of steps, blocked kinds and routes covers the model's ids, in the model's order."""

from __future__ import annotations

from dprk_explorer.gui.text.labels import BLOCKED_LABELS, ROUTE_LABELS, STEP_LABELS
from dprk_explorer.model.core.flows import BLOCKED_IDS, ROUTE_IDS, STEP_IDS


def test_every_id_has_its_words_in_order() -> None:
    assert tuple(STEP_LABELS) == STEP_IDS
    assert tuple(BLOCKED_LABELS) == BLOCKED_IDS
    assert tuple(ROUTE_LABELS) == ROUTE_IDS
