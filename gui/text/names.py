"""The program's names, declared once: the window title, the command, the distribution."""

from __future__ import annotations

from importlib import metadata

#: What the window title, the About box and every caption call the program.
APP_TITLE = "DPRK sanctions revenue explorer"
#: The command (and Qt's organisation and application name, so settings live under it).
PROGRAM = "dprk-explorer"
#: The distribution whose version captions and `--version` print.
DISTRIBUTION = "dprk-explorer"


#: Shown when the package metadata is missing (a source tree that is not installed).
UNKNOWN_VERSION = "dev"


def app_version() -> str:
    """The installed package's version (pyproject.toml is the one source), or 'dev'."""
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return UNKNOWN_VERSION
