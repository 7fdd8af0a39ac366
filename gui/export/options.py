"""What can be exported and how: figure names, formats, the DPI range, and the check of an
output path made before anything is drawn or written. Pure Python: the command line validates
its arguments without loading Qt."""

from __future__ import annotations

import os
from pathlib import Path

#: Suffixes of the data export (result tables): CSV files or one Excel workbook.
DATA_SUFFIXES = (".csv", ".xlsx")

#: Figure names, as the command line and the menus know them, with their display names.
FIGURES: dict[str, str] = {
    "brief": "One-page brief",
    "channels": "Revenue by channel",
    "offsets": "Offset waterfall",
    "timeline": "Monthly revenue timeline",
    "map": "Compliance × laxity map",
}
FORMATS = ("png", "svg", "pdf")
DEFAULT_DPI = 300
MIN_DPI = 50
MAX_DPI = 1200
#: The banner is one line above the figure; longer text would grow the page without bound.
MAX_BANNER_CHARS = 200
#: Longest file name written (most file systems allow 255 bytes; the temporary file beside it,
#: gui.io.atomic, needs a few more).
MAX_NAME_BYTES = 240


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
    return None
