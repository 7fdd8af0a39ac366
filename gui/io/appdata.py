"""Where the app keeps its own files: the platform's application-data folder (Qt decides)."""

from __future__ import annotations

from pathlib import Path

from PySide6 import QtCore


def data_dir() -> Path:
    """e.g. ~/.local/share/dprk-explorer/dprk-explorer on Linux; created if missing."""
    location = QtCore.QStandardPaths.writableLocation(
        QtCore.QStandardPaths.StandardLocation.AppDataLocation
    )
    folder = Path(location)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def session_file() -> Path:
    return data_dir() / "session.toml"


def lock_file() -> Path:
    return data_dir() / "running.lock"


def log_file() -> Path:
    return data_dir() / "dprk-explorer.log"
