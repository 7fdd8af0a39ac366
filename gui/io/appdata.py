"""Where the app keeps its own files: the platform's application-data folder (Qt decides)."""

from __future__ import annotations

from pathlib import Path

from PySide6 import QtCore


def data_dir() -> Path:
    """e.g. ~/.local/share/dprk-explorer/dprk-explorer on Linux; created if missing (if it
    cannot be, the path is still returned: every user of it reports its own failure)."""
    location = QtCore.QStandardPaths.writableLocation(
        QtCore.QStandardPaths.StandardLocation.AppDataLocation
    )
    folder = Path(location)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        pass
    return folder


def data_dir_problem() -> str:
    """Why the application-data folder cannot be used, or ""."""
    folder = data_dir()
    if not folder.is_dir():
        return f"the application-data folder {folder} cannot be created"
    return ""


def session_file() -> Path:
    return data_dir() / "session.toml"


def lock_file() -> Path:
    return data_dir() / "running.lock"


def log_file() -> Path:
    return data_dir() / "dprk-explorer.log"
