"""Every file the app writes is written atomically: a temporary file beside the target, flushed
to disk, then renamed over it. A failed write leaves the old file intact and no partial file.

Symbolic links are resolved first, and the temporary file is made beside the real target: the
rename then replaces the target's content and leaves the link a link (renaming over the link
itself would turn it into a regular file and leave the target stale). This module is kept rather
than QSaveFile because the command line writes without Qt's file machinery, and one writer
serves every file (figures, tables, scenario files, the session, pins, `calibrate`); QSaveFile
does the same resolve-then-rename. A target that exists but is not a regular file (a link to
/dev/full, a FIFO), a link that leads nowhere (dangling, or looping) is refused: a rename would
replace the device node, and writing into it is no atomic save.

An existing target keeps its permission bits; a new file gets what `open` would give it, the
umask's (0600 under umask 077), as QSaveFile does.

Temporary files are named `.<name>.<random>.dprkx.tmp` and are locked (flock) by the process
writing them until they are renamed. One left by an interrupted run (power cut, kill -9) is no
longer locked: the next write into the same folder removes it, and so does the next start for
the app's own folder (`remove_orphans`).
"""

from __future__ import annotations

import errno
import fcntl
import os
import re
import stat
import time
from pathlib import Path

TEMP_SUFFIX = ".dprkx.tmp"
#: A temporary file of an older version (no lock to tell) older than this is an orphan: a save
#: takes well under a second.
ORPHAN_AGE_S = 600
_NEW_FILE_MODE = 0o666  # less the umask, as open() and QSaveFile give a new file


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


def target_problem(path: str | Path) -> str | None:
    """Why `path` cannot be written as a regular file, or None: checked before a command does
    its work, and again by every write."""
    given = Path(path)
    target = resolve_target(given)
    folder = target.parent
    try:
        if not folder.is_dir():
            return f"{given}: folder {folder} does not exist"
        if not os.path.lexists(target):
            if target != given:
                return f"{given}: is a link to {target}, which does not exist; it is left as it is"
            return None
        info = os.stat(target)
    except OSError as error:
        if error.errno == errno.ELOOP:
            return f"{given}: is a link that leads to itself (a loop); it is left as it is"
        return f"{given}: cannot be written ({error.strerror or error})"
    if not stat.S_ISREG(info.st_mode):
        kind = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file"
        return f"{given}: {target} is {kind}; it is left as it is"
    return None


class _Staged:
    """A temporary file holding the new content, on disk, locked until it is renamed."""

    def __init__(self, given: Path, temporary: str, target: Path, descriptor: int) -> None:
        self.given = given
        self.temporary = temporary
        self.target = target
        self.descriptor = descriptor

    def discard(self) -> None:
        _discard(self.temporary)
        self.close()

    def close(self) -> None:
        if self.descriptor >= 0:
            os.close(self.descriptor)
            self.descriptor = -1


def _create_locked(folder: Path, name: str) -> tuple[str, int]:
    """A new, empty temporary file beside the target, created as open() creates a file (so
    with the umask's mode) and locked; its path and descriptor."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC | os.O_NOFOLLOW
    for _ in range(100):
        # os.urandom, as secrets.token_hex reads it: the secrets module loads OpenSSL's hashlib,
        # ~10-30 ms of every command's start.
        temporary = str(folder / f".{name[:64]}.{os.urandom(4).hex()}{TEMP_SUFFIX}")
        try:
            descriptor = os.open(temporary, flags, _NEW_FILE_MODE)
        except FileExistsError:
            continue
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:  # another process's sweep holds it, to remove it: a new name
            os.close(descriptor)
            continue
        except OSError as error:
            if error.errno in (errno.ENOLCK, errno.EOPNOTSUPP, errno.EINVAL):
                return temporary, descriptor  # a file system without locks: the age rule serves
            os.close(descriptor)
            _discard(temporary)
            raise
        # A sweep may have taken it for an orphan between the create and the lock: then it is
        # gone (a sweep removes a file before it lets go of it), and a new name is tried.
        try:
            if os.stat(temporary).st_ino == os.fstat(descriptor).st_ino:
                return temporary, descriptor
        except FileNotFoundError:
            pass
        os.close(descriptor)
    raise FileExistsError(errno.EEXIST, "no free temporary name")


def _stage(given: Path, data: bytes) -> _Staged:
    """`data` in a temporary file beside the real target, on disk, with the target's mode."""
    problem = target_problem(given)
    if problem is not None:
        raise WriteError(problem)
    target = resolve_target(given)
    folder = target.parent
    try:
        info = os.stat(target) if os.path.lexists(target) else None
    except OSError as error:
        raise WriteError(f"{given}: cannot be written ({error.strerror or error})") from None
    remove_leftovers(folder, target.name)
    try:
        temporary, descriptor = _create_locked(folder, target.name)
    except PermissionError:
        raise WriteError(f"{given}: folder {folder} is not writable") from None
    except OSError as error:
        raise WriteError(f"{given}: cannot write in {folder} ({error.strerror})") from None
    staged = _Staged(given, temporary, target, descriptor)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(descriptor, view) :]
        os.fsync(descriptor)
        if info is not None:
            os.fchmod(descriptor, stat.S_IMODE(info.st_mode))
    except OSError as error:
        staged.discard()
        raise WriteError(f"{given}: not written ({error.strerror or error})") from None
    return staged


def _discard(temporary: str) -> None:
    try:
        os.unlink(temporary)
    except OSError:
        pass


def write_bytes(path: str | Path, data: bytes) -> None:
    given = Path(path)
    staged = _stage(given, data)
    try:
        os.replace(staged.temporary, staged.target)
    except OSError as error:
        raise WriteError(f"{given}: not written ({error.strerror or error})") from None
    finally:
        if os.path.exists(staged.temporary):
            _discard(staged.temporary)
        staged.close()


def write_set(files: dict[Path, bytes]) -> list[Path]:
    """Several files as one save: every file is written to its temporary first (a full disk
    fails here, and then nothing changed), then each is renamed into place. Should a rename fail
    (it takes no space, so this is rare) the message names which files were replaced."""
    staged: list[_Staged] = []
    try:
        for given, data in files.items():
            staged.append(_stage(Path(given), data))
    except WriteError:
        for left in staged:
            left.discard()
        raise
    done: list[Path] = []
    try:
        for number, each in enumerate(staged):
            try:
                os.replace(each.temporary, each.target)
            except OSError as error:
                for left in staged[number:]:
                    left.discard()
                replaced = ", ".join(p.name for p in done) or "none"
                kept = ", ".join(s.given.name for s in staged[number:])
                raise PartialWriteError(
                    f"{each.given}: not written ({error.strerror or error}); replaced: "
                    f"{replaced}; unchanged: {kept}"
                ) from None
            done.append(each.given)
    finally:
        for each in staged:
            each.close()
    return done


def write_text(path: str | Path, text: str) -> None:
    write_bytes(path, text.encode("utf-8"))


def _remove_if_unlocked(path: str) -> bool | None:
    """Remove the temporary file `path` if no live writer holds it (its writer died): True if
    removed, False if a writer holds it, None when the file system cannot tell. It is removed
    before the lock is let go, so a writer that takes the lock next sees it gone."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError:
        return False
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        except OSError:
            return None
        os.unlink(path)
        return True
    except OSError:
        return False
    finally:
        os.close(descriptor)


def _sweep(folder: Path, legacy: re.Pattern[str], age_s: float) -> list[Path]:
    """Delete this program's temporary files in `folder` whose writer is gone: unlocked ones at
    once, others (an older version's, or on a file system without locks) once `age_s` old."""
    removed: list[Path] = []
    now = time.time()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        name = entry.name
        ours = name.startswith(".") and name.endswith(TEMP_SUFFIX)
        if not ours and not legacy.fullmatch(name):
            continue
        try:
            if not entry.is_file(follow_symlinks=False):
                continue
            gone = _remove_if_unlocked(entry.path) if ours else None
            if gone is None and now - entry.stat(follow_symlinks=False).st_mtime > age_s:
                os.unlink(entry.path)
                gone = True
            if gone:
                removed.append(Path(entry.path))
        except OSError:
            continue
    return removed


def remove_leftovers(folder: Path, name: str) -> list[Path]:
    """The temporary files writes into `folder` left behind (kill -9, a power cut): removed
    before each write there, so none piles up beside a user's files. Besides this version's,
    the names an older version gave `name`'s (`.<name>.<8 characters>.tmp`, no lock)."""
    legacy = re.compile(rf"\.{re.escape(name)}\.[a-z0-9_]{{8}}\.tmp")
    return _sweep(folder, legacy, ORPHAN_AGE_S)


#: In the app's own folder every `.*.tmp` is the program's (older versions named them so).
_ANY_TEMP = re.compile(r"\..*\.tmp")


def remove_orphans(folder: Path, age_s: float = ORPHAN_AGE_S) -> list[Path]:
    """Delete the temporary files (`.*.tmp`, this version's and older ones') in `folder`, the
    app's own data folder, whose writer is gone; the ones removed."""
    return _sweep(folder, _ANY_TEMP, age_s)
