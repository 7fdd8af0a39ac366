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
    importlib.metadata loads here, when a version is shown, not with every command."""
    from importlib import metadata

    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return UNKNOWN_VERSION


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
