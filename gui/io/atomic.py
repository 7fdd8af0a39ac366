"""Every file the app writes is written atomically: a temporary file beside the target, flushed
to disk, then renamed over it. A failed write leaves the old file intact and no partial file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


class WriteError(OSError):
    """A file could not be written; the message names the file and the reason."""


def write_bytes(path: str | Path, data: bytes) -> None:
    target = Path(path)
    folder = target.parent
    if not folder.is_dir():
        raise WriteError(f"{target}: folder {folder} does not exist")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except PermissionError:
        raise WriteError(f"{target}: folder {folder} is not writable") from None
    except OSError as error:
        raise WriteError(f"{target}: cannot write in {folder} ({error.strerror})") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if target.exists():
            os.chmod(temporary, target.stat().st_mode & 0o777)
        else:
            os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except OSError as error:
        raise WriteError(f"{target}: not written ({error.strerror or error})") from None
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def write_text(path: str | Path, text: str) -> None:
    write_bytes(path, text.encode("utf-8"))
