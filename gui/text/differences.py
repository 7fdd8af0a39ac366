"""What differs from the reference settings, in words: one wording for the caption, the brief,
the key numbers and the command line (the answer lists the differences; this only words them)."""

from __future__ import annotations

from dprk_explorer.gui.text import format as fmt
from dprk_explorer.model.answer import Answer, Difference
from dprk_explorer.model.core.parameters import PARAMETERS, Value

#: What a branch is called wherever differences are listed.
BRANCH_TEXT = "branches from the record at {month}"


def value_text(key: str, value: Value) -> str:
    """A parameter's value with its unit, as a caption shows it: '62 %', '6 months', 'yes'."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return fmt.number(float(value), PARAMETERS[key].unit)


def difference_text(difference: Difference, reference: str = "default") -> str:
    """'Border laxity 50 % from 2018-06 (default 25 %)', or with a schedule of several steps
    'Border laxity 25 % from 2016-01, 50 % from 2018-06, 10 % from 2019-01 (default 25 %)'."""
    key = difference.parameter
    label = PARAMETERS[key].label
    theirs = value_text(key, difference.reference_value)
    if len(difference.steps) > 1 or (difference.steps and difference.month is None):
        first = [(None, difference.value)] if difference.month is None else []
        parts = [
            value_text(key, v) + (f" from {m}" if m else "") for m, v in (*first, *difference.steps)
        ]
        return f"{label} {', '.join(parts)} ({reference} {theirs})"
    since = f" from {difference.month}" if difference.month else ""
    return f"{label} {value_text(key, difference.value)}{since} ({reference} {theirs})"


def differences_text(answer: Answer) -> list[str]:
    """Every difference from the reference settings, the branch first (empty: none)."""
    reference = "record:" if answer.reference == "record" else "default"
    lines = [BRANCH_TEXT.format(month=answer.branch)] if answer.branch else []
    lines += [difference_text(d, reference) for d in answer.differs_from_base]
    return lines


def levers_text(answer: Answer) -> str:
    """'coal-ban compliance 100 %, border laxity 27 %, labour outsourcing 100 %': each lever's
    value in force for the period (where the map marks the current setting)."""
    parts = []
    for key, value in answer.levers_in_force.items():
        label = PARAMETERS[key].label
        label = label if label[:2].isupper() else label[0].lower() + label[1:]
        parts.append(f"{label} {fmt.number(round(value, 1), PARAMETERS[key].unit)}")
    return ", ".join(parts)
