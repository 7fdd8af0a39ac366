"""What can be exported and how: figure names, formats, the DPI range, and the check of an
output path made before anything is drawn or written. Pure Python: the command line validates
its arguments without loading Qt."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from dprk_explorer.gui.io.atomic import target_problem

#: Suffixes of the data export (result tables): CSV files or one Excel workbook.
DATA_SUFFIXES = (".csv", ".xlsx")

#: Figure names, as the command line and the menus know them, with their display names.
FIGURES: dict[str, str] = {
    "brief": "One-page brief",
    "channels": "Revenue by channel",
    "offsets": "Offset waterfall",
    "timeline": "Monthly revenue timeline",
    "map": "Compliance × laxity map",
    "attribution": "Net change by lever (attribution)",
    "tornado": "Assumptions at low / high (tornado)",
}
#: The figures drawn from the analysis (bands, tornado, attribution), not only the result.
ANALYSIS_FIGURES = ("attribution", "tornado")
FORMATS = ("png", "svg", "pdf")
DEFAULT_DPI = 300
MIN_DPI = 50
MAX_DPI = 1200
#: The banner is one line above the figure; longer text would grow the page without bound.
MAX_BANNER_CHARS = 200
#: Longest file name written (most file systems allow 255 bytes; the temporary file beside it,
#: gui.io.atomic, needs a few more).
MAX_NAME_BYTES = 240


CM_PER_INCH = 2.54


@dataclass(frozen=True)
class Paper:
    """A paper size and the margins the brief keeps from its edges (cm)."""

    label: str
    width_cm: float
    height_cm: float
    margin_cm: float

    @property
    def printable_width_cm(self) -> float:
        return self.width_cm - 2 * self.margin_cm

    @property
    def printable_height_cm(self) -> float:
        return self.height_cm - 2 * self.margin_cm


#: The brief's paper sizes, as the command line (--page) and the settings dialog name them.
PAPERS: dict[str, Paper] = {
    "a4": Paper("A4 (21 × 29.7 cm)", 21.0, 29.7, 2.0),
    "letter": Paper(
        "US Letter (8.5 × 11 in)", 8.5 * CM_PER_INCH, 11 * CM_PER_INCH, 0.75 * CM_PER_INCH
    ),
}
DEFAULT_PAPER = "a4"


#: A page holds four plots: an analysis chart in the brief takes the map's place, so one of them.
ONE_ANALYSIS_CHART = (
    "the brief has room for one analysis chart, in the map's place: choose the attribution or "
    "the tornado, not both (each exports alone as a figure of its own)"
)


@dataclass(frozen=True)
class ExportOptions:
    """What goes into an exported figure beyond the scenario: the brief's paper, the pinned
    comparisons, the uncertainty band, and the analysis charts in the brief."""

    paper: str = DEFAULT_PAPER
    pins: bool = True
    bands: bool = False
    attribution: bool = False
    tornado: bool = False

    def __post_init__(self) -> None:
        if self.paper not in PAPERS:
            raise ValueError(f"unknown page size {self.paper!r}; allowed: {', '.join(PAPERS)}")
        if self.attribution and self.tornado:
            raise ValueError(ONE_ANALYSIS_CHART)


def figure_format(path: str | Path) -> str | None:
    """'png', 'svg' or 'pdf' from the file's suffix, or None."""
    suffix = Path(path).suffix.lower().lstrip(".")
    return suffix if suffix in FORMATS else None


def check_dpi(dpi: int) -> str | None:
    if not MIN_DPI <= dpi <= MAX_DPI:
        return f"--dpi {dpi} is out of range; allowed: {MIN_DPI} to {MAX_DPI}"
    return None


def check_banner(banner: str) -> str | None:
    if len(banner) > MAX_BANNER_CHARS:
        return f"the banner is {len(banner):,} characters long; allowed: at most {MAX_BANNER_CHARS}"
    return None


def check_target(path: str | Path, suffixes: tuple[str, ...] = FORMATS) -> str | None:
    """Why `path` cannot be written as an export, or None (checked before anything is drawn)."""
    out = Path(path)
    if len(os.fsencode(out.name)) > MAX_NAME_BYTES:
        return (
            f"{out}: the file name is {len(os.fsencode(out.name)):,} bytes long; "
            f"allowed: at most {MAX_NAME_BYTES}"
        )
    try:
        if out.is_dir():
            return f"{out}: is a folder; give a file name"
        if out.suffix.lower().lstrip(".") not in suffixes:
            allowed = ", ".join(f".{s}" for s in suffixes)
            return f"{out}: the file must end in {allowed}"
        folder = out.parent
        if not folder.is_dir():
            return f"{out}: folder {folder} does not exist"
    except OSError as error:  # a folder on the way that cannot be searched, a path too long
        return f"{out}: cannot be written ({error.strerror or error})"
    if not os.access(folder, os.W_OK):
        return f"{out}: folder {folder} is not writable"
    return target_problem(out)  # what the writer itself refuses: a device, a dangling link
