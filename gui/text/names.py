"""The program's names, declared once: the window title, the command, the distribution."""

from __future__ import annotations

#: What the window title, the About box and every caption call the program.
APP_TITLE = "DPRK sanctions revenue explorer"
#: The command (and Qt's organisation and application name, so settings live under it).
PROGRAM = "dprk-explorer"
#: The distribution whose version captions and `--version` print.
DISTRIBUTION = "dprk-explorer"


#: Shown when the package metadata is missing (a source tree that is not installed).
UNKNOWN_VERSION = "dev"


def app_version() -> str:
    """The installed package's version (pyproject.toml is the one source), or 'dev'.

    Read from the installed wheel's own METADATA (`installed_version`); importlib.metadata, which
    loads the email and zipfile packages (~40 ms of every export's start), only where that
    finds none (another kind of install)."""
    found = installed_version()
    if found is not None:
        return found
    from importlib import metadata

    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return UNKNOWN_VERSION


def installed_version() -> str | None:
    """The `Version:` of the first `dprk_explorer-*.dist-info` on sys.path, in the order
    importlib.metadata searches it, or None (no such folder, or it is unreadable)."""
    import os
    import sys

    prefix = DISTRIBUTION.replace("-", "_") + "-"
    for folder in sys.path:
        try:
            names = os.listdir(folder or ".")
        except OSError:
            continue
        for name in sorted(n for n in names if n.startswith(prefix) and n.endswith(".dist-info")):
            try:
                with open(os.path.join(folder or ".", name, "METADATA"), encoding="utf-8") as file:
                    for line in file:
                        if not line.strip():
                            break  # the headers end at the first blank line
                        if line.startswith("Version:"):
                            return line.partition(":")[2].strip() or None
            except OSError:
                continue
    return None


#: What the attribution calls each source of the change that is not a lever
#: (dprk_explorer.model.analysis.attribution.SOURCES): one wording for the window, the brief and
#: the command line.
OTHER_SOURCE_LABELS: dict[str, str] = {
    "bans": "the bans as written",
    "border_closure": "the 2020-2023 border closure",
    "routes": "routes beyond China",
    "assumptions": "other assumptions",
}
#: Which measures "the bans as written" are, for a tooltip or a brief's note.
BANS_DETAIL = (
    "UN Security Council resolutions 2270, 2321, 2371, 2375 and 2397 and China's February 2017 "
    "suspension of coal imports, each at its date"
)


def source_label(source: str) -> str:
    """A source of the change in words: a lever's label ('coal-ban compliance') or another
    source's ('the bans as written')."""
    from dprk_explorer.model.core.parameters import PARAMETERS

    if source in OTHER_SOURCE_LABELS:
        return OTHER_SOURCE_LABELS[source]
    label = PARAMETERS[source].label
    return label if label[:2].isupper() else label[0].lower() + label[1:]
