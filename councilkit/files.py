"""Safe output: never overwrite without `--force`, never leave a half-written file.

Every document, store export or YAML that councilkit writes goes through `atomic_output`: the data
is written to a temporary file in the target directory and renamed over the target only when
complete, so an interrupted run leaves the previous file intact.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import stat
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from councilkit.errors import CouncilkitError, InputError, OutputExistsError

#: Largest input councilkit reads whole (a kompas, a worksheet, a settings file). Real ones are a few
#: hundred kB; anything far larger is a wrong file, and reading it would only hang or exhaust memory.
MAX_TEXT_INPUT = 20 * 1024 * 1024

#: Dutch reasons for the OS errors a user can do something about.
_OS_REASONS: dict[int, tuple[str, str]] = {
    errno.EACCES: ("geen toestemming", "controleer de rechten op het bestand en de map"),
    errno.EPERM: ("geen toestemming", "controleer de rechten op het bestand en de map"),
    errno.EROFS: ("de map is alleen-lezen", "kies een map waarin u mag schrijven"),
    errno.ENOSPC: ("de schijf is vol", "maak ruimte vrij of kies een andere schijf"),
    errno.EDQUOT: ("uw schijfquotum is op", "maak ruimte vrij of kies een andere schijf"),
    errno.ENAMETOOLONG: ("de bestandsnaam is te lang", "kies een kortere naam of een kortere map"),
    errno.EFBIG: (
        "het bestand wordt groter dan is toegestaan (limiet op bestandsgrootte)",
        "verhoog de limiet (ulimit -f) of kies een andere schijf",
    ),
    errno.ENOENT: ("bestand of map bestaat niet", "controleer de naam en de map"),
    errno.ENOTDIR: ("een deel van het pad is geen map", "controleer het pad"),
    errno.EISDIR: ("dit is een map, geen bestand", "geef een bestand op"),
    errno.ELOOP: ("het pad verwijst in een kring naar zichzelf", "controleer de koppelingen in het pad"),
    errno.EIO: ("lees- of schrijffout van het apparaat", "controleer de schijf of de netwerkverbinding"),
}


def os_error(exc: OSError, path: str | Path | None = None) -> CouncilkitError:
    """An OS error (permissions, disk full, name too long, file-size limit, …) as a Dutch error."""
    reason, hint = _OS_REASONS.get(
        exc.errno or -1, (exc.strerror or "het besturingssysteem weigert", "controleer het bestand en de map")
    )
    return CouncilkitError(reason, file=path or exc.filename, hint=hint)


def sha256_of(path: Path) -> str:
    """The sha256 of a file's contents (for a document's provenance)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def guard_input(path: str | Path, *, what: str = "bestand", max_bytes: int | None = None) -> int:
    """Refuse, before reading, what cannot be a councilkit input: a FIFO, a device, a socket, a
    directory, or a file larger than `max_bytes`. Returns the size. Shared by every reader (YAML,
    the data importers) so none of them can hang on `/dev/zero` or a named pipe.
    """
    target = Path(path)
    try:
        info = target.stat()
    except FileNotFoundError:
        raise InputError("bestand niet gevonden", file=target, hint="controleer de naam en de map") from None
    except OSError as exc:
        raise os_error(exc, target) from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError(f"dit is een map, geen {what}", file=target, hint="geef het bestand zelf op")
    if not stat.S_ISREG(info.st_mode):
        kind = (
            "een named pipe (FIFO)"
            if stat.S_ISFIFO(info.st_mode)
            else "een apparaat"
            if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode)
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


_TMP_PID = re.compile(r"\.(\d+)\.[^.]+\.tmp$")


def remove_stale_temporaries(target: Path) -> None:
    """Remove `.NAME.PID.*.tmp` files an interrupted run left beside `target`.

    A temporary file names the process that made it; it is stale when that process is gone. Files
    of a still-running run (another councilkit writing the same file) are left alone.
    """
    try:
        candidates = list(target.parent.glob(f".{glob_escape(target.name)}.*.tmp"))
    except OSError:
        return
    for tmp in candidates:
        match = _TMP_PID.search(tmp.name)
        if match is not None and _alive(int(match.group(1))):
            continue
        if match is None and time.time() - _mtime(tmp) < 3600:
            continue  # an old-style name without a process id: only when clearly abandoned
        with contextlib.suppress(OSError):
            tmp.unlink()


def glob_escape(name: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", name)


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return time.time()


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


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
    remove_stale_temporaries(target)
    try:
        fd, tmp_name = tempfile.mkstemp(
            prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp", dir=target.parent
        )
    except OSError as exc:
        raise os_error(exc, target) from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        try:
            yield tmp
            # mkstemp creates the file private (0600); give it the mode a normal write would: the old
            # file's mode when replacing one, else what the user's umask allows.
            tmp.chmod(target.stat().st_mode & 0o777 if target.exists() else 0o666 & ~_umask())
            os.replace(tmp, target)
        except OSError as exc:
            # Disk full, file-size limit, permissions: name the file the user asked for, not the
            # temporary one.
            raise os_error(exc, target) from None
    finally:
        with contextlib.suppress(OSError):
            if tmp.exists():
                tmp.unlink()


def write_text_atomic(path: str | Path, text: str, *, force: bool = False) -> None:
    """Write UTF-8 text atomically (see `atomic_output`)."""
    with atomic_output(path, force=force) as tmp:
        tmp.write_text(text, encoding="utf-8")
