"""Safe output: never overwrite without `--force`, never leave a half-written file.

Every document, store export or YAML that councilkit writes goes through `atomic_output`: the data
is written to a temporary file in the target directory and renamed over the target only when
complete, so an interrupted run leaves the previous file intact.
"""

from __future__ import annotations

import contextlib
import os
import stat as _stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

from councilkit.errors import CouncilkitError, InputError, OutputExistsError


def _umask() -> int:
    """The process umask (reading it means setting it; put it straight back)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


def check_writable(path: Path, force: bool) -> None:
    """Refuse early, before any work is done, when `path` exists and may not be replaced."""
    if path.is_dir():
        raise CouncilkitError(
            "het uitvoerpad is een map", file=path, hint="geef een bestandsnaam met extensie op"
        )
    if path.exists() and not force:
        raise OutputExistsError(
            "bestand bestaat al",
            file=path,
            hint="kies een andere naam of gebruik --force om het te vervangen",
        )
    if not path.parent.exists():
        raise CouncilkitError(
            "de map voor het uitvoerbestand bestaat niet",
            file=path,
            hint=f"maak eerst de map '{path.parent}' aan",
        )


@contextlib.contextmanager
def atomic_output(path: str | Path, *, force: bool = False) -> Iterator[Path]:
    """Yield a temporary path beside `path`; rename it onto `path` only if the block succeeds.

    The temporary file lives in the same directory so the final `os.replace` is atomic on POSIX
    and Windows. On any exception the temporary file is removed and the old target is untouched.
    """
    target = Path(path)
    check_writable(target, force)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        # mkstemp creates the file private (0600); give it the mode a normal write would: the old
        # file's mode when replacing one, else what the user's umask allows.
        tmp.chmod(target.stat().st_mode & 0o777 if target.exists() else 0o666 & ~_umask())
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()


def write_text_atomic(path: str | Path, text: str, *, force: bool = False) -> None:
    """Write UTF-8 text atomically (see `atomic_output`)."""
    with atomic_output(path, force=force) as tmp:
        tmp.write_text(text, encoding="utf-8")


def write_bytes_atomic(path: str | Path, data: bytes, *, force: bool = False) -> None:
    """Write bytes atomically (see `atomic_output`)."""
    with atomic_output(path, force=force) as tmp:
        tmp.write_bytes(data)


def guard_input(path: str | Path, *, what: str = "bestand", max_bytes: int | None = None) -> int:
    """Refuse, before opening, what cannot be an input: a FIFO, a device, a socket, a directory, or
    a file larger than `max_bytes`. Opening a named pipe or reading `/dev/zero` would hang. Returns
    the size."""
    target = Path(path)
    try:
        info = target.stat()
    except FileNotFoundError:
        raise InputError("bestand niet gevonden", file=target, hint="controleer de naam en de map") from None
    except OSError as exc:
        raise InputError(f"bestand kan niet gelezen worden ({exc.strerror})", file=target) from None
    if _stat.S_ISDIR(info.st_mode):
        raise InputError(f"dit is een map, geen {what}", file=target, hint="geef het bestand zelf op")
    if not _stat.S_ISREG(info.st_mode):
        kind = (
            "een named pipe (FIFO)"
            if _stat.S_ISFIFO(info.st_mode)
            else "een apparaat"
            if _stat.S_ISCHR(info.st_mode) or _stat.S_ISBLK(info.st_mode)
            else "geen gewoon bestand"
        )
        raise InputError(f"dit is {kind}, geen {what}", file=target, hint="geef een gewoon bestand op")
    if max_bytes is not None and info.st_size > max_bytes:
        raise InputError(
            f"het bestand is te groot voor een {what} ({info.st_size // (1024 * 1024)} MB)",
            file=target,
            hint="controleer of u het goede bestand opgeeft",
        )
    return info.st_size
