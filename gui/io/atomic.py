"""Every file the app writes is written atomically: a temporary file beside the target, flushed
to disk, then renamed over it. A failed write leaves the old file intact and no partial file.

Symbolic links are resolved first, and the temporary file is made beside the real target: the
rename then replaces the target's content and leaves the link a link (renaming over the link
itself would turn it into a regular file and leave the target stale). This module is kept rather
than QSaveFile because the command line writes without Qt's file machinery, and one writer
serves both; QSaveFile does the same resolve-then-rename. The target's permission bits are kept.
A target that exists but is not a regular file (a link to /dev/full, a FIFO) is refused: a rename
would replace the device node, and writing into it is no atomic save.

Temporary files are named `.<name>.<random>.dprkx.tmp`; one left by an interrupted run (power
cut, kill -9 between creating and renaming) is removed by `remove_orphans` at the next start.
"""

from __future__ import annotations

import os
import stat
import tempfile
import time
from pathlib import Path

TEMP_SUFFIX = ".dprkx.tmp"
#: A temporary file older than this is an orphan: a save takes well under a second.
ORPHAN_AGE_S = 600


class WriteError(OSError):
    """A file could not be written; the message names the file and the reason."""


class PartialWriteError(WriteError):
    """Some files of a set were replaced and some not; the message names both."""


def resolve_target(path: str | Path) -> Path:
    """The file a write to `path` must replace: `path` with every symbolic link resolved."""
    target = Path(path)
    try:
        return Path(os.path.realpath(target)) if target.is_symlink() else target
    except OSError:
        return target


def _stage(given: Path, data: bytes) -> tuple[str, Path]:
    """`data` in a temporary file beside the real target, on disk, with the target's mode."""
    target = resolve_target(given)
    folder = target.parent
    try:
        if not folder.is_dir():
            raise WriteError(f"{given}: folder {folder} does not exist")
        info = os.stat(target) if os.path.lexists(target) else None
    except WriteError:
        raise
    except OSError as error:
        raise WriteError(f"{given}: cannot be written ({error.strerror or error})") from None
    if info is not None and not stat.S_ISREG(info.st_mode):
        kind = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file"
        raise WriteError(f"{given}: {target} is {kind}; it is left as it is")
    try:
        handle, temporary = tempfile.mkstemp(
            prefix=f".{target.name[:64]}.", suffix=TEMP_SUFFIX, dir=folder
        )
    except PermissionError:
        raise WriteError(f"{given}: folder {folder} is not writable") from None
    except OSError as error:
        raise WriteError(f"{given}: cannot write in {folder} ({error.strerror})") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, stat.S_IMODE(info.st_mode) if info is not None else 0o644)
    except OSError as error:
        _discard(temporary)
        raise WriteError(f"{given}: not written ({error.strerror or error})") from None
    return temporary, target


def _discard(temporary: str) -> None:
    try:
        os.unlink(temporary)
    except OSError:
        pass


def write_bytes(path: str | Path, data: bytes) -> None:
    given = Path(path)
    temporary, target = _stage(given, data)
    try:
        os.replace(temporary, target)
    except OSError as error:
        raise WriteError(f"{given}: not written ({error.strerror or error})") from None
    finally:
        if os.path.exists(temporary):
            _discard(temporary)


def write_set(files: dict[Path, bytes]) -> list[Path]:
    """Several files as one save: every file is written to its temporary first (a full disk
    fails here, and then nothing changed), then each is renamed into place. Should a rename fail
    (it takes no space, so this is rare) the message names which files were replaced."""
    staged: list[tuple[Path, str, Path]] = []
    try:
        for given, data in files.items():
            temporary, target = _stage(Path(given), data)
            staged.append((Path(given), temporary, target))
    except WriteError:
        for _given, temporary, _target in staged:
            _discard(temporary)
        raise
    done: list[Path] = []
    for number, (given, temporary, target) in enumerate(staged):
        try:
            os.replace(temporary, target)
        except OSError as error:
            for _given, left, _target in staged[number:]:
                _discard(left)
            replaced = ", ".join(p.name for p in done) or "none"
            kept = ", ".join(p.name for p, _t, _r in staged[number:])
            raise PartialWriteError(
                f"{given}: not written ({error.strerror or error}); replaced: {replaced}; "
                f"unchanged: {kept}"
            ) from None
        done.append(given)
    return done


def write_text(path: str | Path, text: str) -> None:
    write_bytes(path, text.encode("utf-8"))


def remove_orphans(folder: Path, age_s: float = ORPHAN_AGE_S) -> list[Path]:
    """Delete the temporary files (`.*.tmp`, this version's and older ones') in `folder`, the
    app's own data folder, older than `age_s`; the ones removed."""
    removed: list[Path] = []
    now = time.time()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        if not (entry.name.startswith(".") and entry.name.endswith(".tmp")):
            continue
        try:
            if entry.is_file(follow_symlinks=False) and now - entry.stat().st_mtime > age_s:
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            continue
    return removed
