"""Render the parameter, baseline and preset tables of docs/model.md from the declarations.

Run `python -m dprk_explorer.model.reference.model_page docs/model.md` after changing resources/; a
test fails while the document and the declarations disagree.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from dprk_explorer.model.core.parameters import GROUPS, PARAMETERS
from dprk_explorer.model.presets import PRESETS
from dprk_explorer.model.sources.resources import load_channels


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def parameter_table() -> str:
    lines: list[str] = []
    for group, title in GROUPS.items():
        lines += [
            f"**{title}**",
            "",
            "| id | meaning | unit | default | range | plausible low-high, or neutral "
            "| source (certainty) |",
            "|---|---|---|---|---|---|---|",
        ]
        for p in PARAMETERS.values():
            if p.group != group:
                continue
            if p.kind == "bool":
                default, allowed = str(p.default).lower(), "true / false"
            else:
                default, allowed = f"{p.default:g}", f"{p.minimum:g}-{p.maximum:g}"
            plausible = f"{_num(p.low)}-{_num(p.high)}" if p.is_uncertain else ""
            if p.neutral is not None:
                plausible = f"neutral (does nothing): {p.neutral:g}"
            lines.append(
                f"| `{p.id}` | {_cell(p.label)}: {_cell(p.description)} | {p.unit} | {default} "
                f"| {allowed} | {plausible} | {_cell(p.source)} ({_cell(p.certainty)}) |"
            )
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def baseline_table() -> str:
    lines = [
        "| channel | 2016 revenue (USD m/yr) | low | high | basis | China share | certainty "
        "| source | note |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for row in load_channels():
        lines.append(
            f"| {row['label']} (`{row['channel']}`) | {row['revenue_usd_m']:g} "
            f"| {row['low_usd_m']:g} | {row['high_usd_m']:g} | {row['basis']} "
            f"| {row['china_share_pct']:g} % | {row['certainty']} "
            f"| {_cell(row['source'])} | {_cell(row['note'])} |"
        )
    return "\n".join(lines) + "\n"


def preset_table() -> str:
    lines = ["| preset | settings | rationale | sources |", "|---|---|---|---|"]
    for preset in PRESETS.values():
        changed = preset.scenario.changed_from_default()
        settings = (
            ", ".join(
                f"`{k}` = {str(v).lower() if isinstance(v, bool) else f'{v:g}'}"
                for k, v in changed.items()
            )
            or "all defaults"
        )
        for key in preset.scenario.schedules:
            settings += f"; `{key}`: {preset.scenario.schedule_text(key)}"
        lines.append(
            f"| **{preset.label}** (`{preset.id}`) | {settings} | {_cell(preset.rationale)} "
            f"| {_cell(preset.sources)} |"
        )
    return "\n".join(lines) + "\n"


def _escape(replacement: str) -> str:
    return replacement.replace("\\", "\\\\")


SECTIONS = {"parameters": parameter_table, "baseline": baseline_table, "presets": preset_table}


def render(document: str) -> str:
    """The document with every generated section replaced by the current tables."""
    for name, make in SECTIONS.items():
        pattern = re.compile(
            rf"(<!-- BEGIN GENERATED: {name} -->\n).*?(<!-- END GENERATED: {name} -->)", re.S
        )
        if not pattern.search(document):
            raise ValueError(f"the document lacks the markers for the generated '{name}' section")
        document = pattern.sub(rf"\g<1>{_escape(make())}\g<2>", document)
    return document


def main(argv: list[str]) -> int:
    path = Path(argv[1] if len(argv) > 1 else "docs/model.md")
    path.write_text(render(path.read_text(encoding="utf-8")), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
