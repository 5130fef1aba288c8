"""Loading a framework file (`frameworks/*.yaml`) through its model: one way for every framework.

Every loader (`load_wetten`, `load_catalogue`, `load_gemeenten`, the worksheets, ...) goes through
`load_framework`, so a broken framework file fails the same way everywhere: a Dutch error with file
and line.

The shipped files are read on every `check` (wetten, indicatoren, gemeenten: ~90 KB of YAML), and
reading YAML with line numbers cost `check` about 25 ms of start-up. So the plain data of a shipped
file is kept in the user's cache folder as JSON, under the sha256 of the file's bytes and of the YAML
loader's source. The cache only ever skips the *reading*: the data is validated through the model
on every run, exactly as before. It can never change a result:

- an edited file has another sha256, so its old entry is simply not found;
- an entry is written only if its JSON reads back as exactly the same data (types included);
- an entry carries the sha256 of its own content: a damaged or truncated entry is ignored;
- anything unexpected (no cache folder, read-only, a FIFO or a folder in its place, bad JSON, data
  the model refuses) takes the ordinary route: read the YAML, validate, report with file and line.

Beside the data, the *validated* framework is kept (`.model`, pickled right after it was validated),
because building a model's validator and validating costs every command that reads a kompas
5–10 ms more. Its key adds to the file and loader the source of every module its classes can come
from (`councilkit/*.py`, `councilkit/model/*.py`) and the versions of Python, pydantic and
pydantic-core: whatever could make today's validation give another object gives another key. It
holds nothing but framework objects: the unpickler refuses any class outside `councilkit.model`
(and `datetime`), the object must be of the model's class, and an entry is only written when it
reads back equal. Anything else falls back to the data route above, which validates. An index built
from a framework (`load_framework_index`: the gemeenten by code and name) is kept the same way.

`COUNCILKIT_CACHE_DIR` chooses the folder; set it empty to switch the cache off.

Reading figures (`data show`) needs only a few facts of three shipped files (the catalogue's units,
decimals, counts and breaks; the gemeente names; the CBS table titles), and importing pydantic to
validate them (or to unpickle a validated model) cost more than the rest of the command.
`cached_facts` keeps such facts as plain JSON derived from the *validated* model, under the same key
as a validated object (file, loader, sources, Python, pydantic and pydantic-core) plus the facts'
name, so the read path needs no pydantic while nothing they depend on changed; otherwise the facts
are derived again through full validation. The same guards apply (checksum, round-trip, any doubt
means the ordinary route). This module imports pydantic only where it validates.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.util
import io
import json
import os
import pickle
import stat
import sys
import tempfile
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from councilkit.resources import frameworks_dir

if TYPE_CHECKING:
    from pydantic import BaseModel

    from councilkit.model.validate import Loaded

M = TypeVar("M", bound="BaseModel")
T = TypeVar("T")

#: Bump when the format of an entry changes.
_FORMAT = "councilkit-framework-cache-1"
#: The same for an entry holding a validated framework object.
_MODEL_FORMAT = "councilkit-framework-model-1"
#: The same for facts derived from a validated framework (`cached_facts`).
_FACTS_FORMAT = "councilkit-framework-facts-1"
#: A date or date-time in the JSON. YAML text can never hold U+0000 (the loader refuses control
#: characters), so this key cannot come from a framework file; the round-trip check guards it anyway.
_DATE, _DATETIME = "\x00date", "\x00datetime"
#: Entries larger than this are not a framework file; ignore them rather than read them.
_MAX_ENTRY = 8 * 1024 * 1024
#: Keep the folder small: beyond this many entries, the oldest go (other installs, old versions).
_MAX_ENTRIES = 64


def load_framework(
    model_cls: type[M], relative: str, path: Path | None = None, *, what: str = "raamwerkbestand"
) -> M:
    """`path`, or the shipped `frameworks/<relative>`, validated as `model_cls`.

    A shipped file's data may come from the cache (see the module docstring); a file the user
    names (`path`) is always read as it is now, and never copied into the cache.
    """
    # pydantic here, not at the top: `cached_facts` (the read path of `data show`) needs none of it
    from pydantic import ValidationError

    if path is not None:
        return _read(model_cls, path, what).model
    file = frameworks_dir() / relative
    model = cached_model(model_cls, file)
    if model is not None:
        return model
    data = cached_data(file)
    if data is not None:
        try:
            model = model_cls.model_validate(data)
        except ValidationError:
            pass  # the ordinary route below reports it, with file and line
        else:
            store_model(file, model)
            return model
    loaded = _read(model_cls, file, what)
    store_data(file, loaded.source.data)
    store_model(file, loaded.model)
    return loaded.model


def load_framework_index(
    index_cls: type[T], model_cls: type[M], relative: str, *, what: str = "raamwerkbestand"
) -> T:
    """`index_cls(load_framework(model_cls, relative))`: a lookup built from a shipped framework
    (the gemeenten by code and by name), kept beside the validated framework so a run need not
    rebuild it. The same key, plus the index's class; the same checks, and it is only kept when it
    reads back with equal attributes."""
    file = frameworks_dir() / relative
    variant = f"{index_cls.__module__}.{index_cls.__qualname__}"
    index = _cached_object(index_cls, file, variant)
    if index is not None:
        return index
    index = index_cls(load_framework(model_cls, relative, what=what))  # type: ignore[call-arg]
    _store_object(file, index, variant)
    return index


def _read(model_cls: type[M], file: Path, what: str) -> Loaded[M]:
    """Read and validate the YAML itself. The YAML loader is imported here, not at the top: with
    the cache, `data show` (which reads no kompas) needs no YAML at all."""
    # Deferred: PyYAML only when a file is really read (a cache hit needs none).
    from councilkit.model.validate import load_model

    return load_model(model_cls, file, what=what)


def cache_dir() -> Path | None:
    """The folder for cached framework data, or None when caching is off or there is no home."""
    chosen = os.environ.get("COUNCILKIT_CACHE_DIR")
    if chosen is not None:
        return Path(chosen) if chosen.strip() else None
    if os.name == "nt":
        base = os.environ.get("LOCALAPPDATA")
        return Path(base) / "councilkit" / "Cache" / "frameworks" if base else None
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):
        try:
            base = str(Path.home() / ".cache")
        except RuntimeError:  # no home folder to be found
            return None
    return Path(base) / "councilkit" / "frameworks"


@cache
def _loader_digest() -> str:
    """What the cached data depends on besides the file: our YAML loader's source, and PyYAML's
    version and whether its C parser is there. Found without importing either (see above)."""
    digest = hashlib.sha256(_FORMAT.encode())
    digest.update(Path(__file__).with_name("yamlload.py").read_bytes())
    spec = importlib.util.find_spec("yaml")
    if spec is None or spec.origin is None:
        raise OSError("PyYAML niet gevonden")
    digest.update(Path(spec.origin).read_bytes())  # yaml/__init__.py: holds __version__
    digest.update(" ".join(sorted(os.listdir(Path(spec.origin).parent))).encode())  # libyaml's _yaml
    return digest.hexdigest()


@cache
def _model_digest() -> str:
    """What a validated framework object depends on besides the file and the YAML loader: the source
    of every module its classes and validators can come from (the models may only import the base
    layer, `tests/test_layers.py`), and the versions of Python, pydantic and pydantic-core. Found
    without importing pydantic where the installation allows (the facts of `cached_facts` are for a
    process that has none): see `_installed`."""
    digest = hashlib.sha256(f"{_MODEL_FORMAT} {sys.version}".encode())
    for name in ("pydantic", "pydantic_core"):
        digest.update(_installed(name).encode() + b"\0")
    package = Path(__file__).resolve().parents[1]
    for source in sorted([*package.glob("*.py"), *package.joinpath("model").glob("*.py")]):
        digest.update(source.name.encode() + b"\0" + source.read_bytes())
    return digest.hexdigest()


def _installed(name: str) -> str:
    """The installed version of pydantic or pydantic-core: the name of its one `*.dist-info` folder
    beside the package (which holds the version), or, where there is not exactly one (an unusual
    installation), the version the imported package itself reports."""
    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None:
        raise OSError(f"{name} niet gevonden")
    site = Path(spec.origin).parent.parent
    found = [d for d in os.listdir(site) if d.startswith(f"{name}-") and d.endswith(".dist-info")]
    if len(found) == 1:
        return found[0]
    if name == "pydantic":
        from pydantic.version import VERSION

        return f"pydantic {VERSION}"
    import pydantic_core

    return f"pydantic_core {pydantic_core.__version__}"


def _entry(
    file: Path, *, model: bool = False, variant: str = "", facts: str | None = None
) -> tuple[Path, str] | None:
    """The cache entry for `file` (its data; with `model` its validated object, or with a `variant`
    an index built from it; with `facts` the facts of that name derived from it) and the key it must
    carry, or None without a cache."""
    folder = cache_dir()
    if folder is None:
        return None
    digest = hashlib.sha256(_loader_digest().encode())
    if model:
        digest.update(_model_digest().encode())
        digest.update(variant.encode() + b"\0")
    if facts is not None:
        digest.update(f"{_FACTS_FORMAT} {_model_digest()} {facts}\0".encode())
    digest.update(file.read_bytes())
    key = digest.hexdigest()
    return folder / f"{key[:32]}.{'model' if model else 'json'}", key


def cached_facts(relative: str, name: str, derive: Callable[[], Any]) -> Any:
    """Facts called `name` of the shipped `frameworks/<relative>`, as `derive()` gives them.

    `derive` validates the file through its model (`load_framework`) and returns plain data
    (JSON-able: dicts, lists, str, int, float, bool, None, dates). Its result is kept under the key
    described in the module docstring; a later run with the same file, sources, loader, pydantic
    and Python gets it without importing pydantic. Anything unexpected means `derive()` again.
    """
    file = frameworks_dir() / relative
    data = cached_data(file, name)
    if data is not None:
        return data
    data = derive()
    store_data(file, data, name)
    return data


def cached_data(file: Path, facts: str | None = None) -> Any | None:
    """The cached plain data of `file` (or the facts called `facts` derived from it), or None (no
    entry, another key, damaged, unreadable)."""
    try:
        body = _cached_body(file, _FORMAT, facts=facts)
        if body is None:
            return None
        return json.loads(body, object_hook=_decode_object)
    except (OSError, ValueError, TypeError):
        return None


class _FrameworkUnpickler(pickle.Unpickler):
    """Builds framework objects and nothing else: only a class defined in a `councilkit.model`
    module (or a date) may be named, never a function or anything reached through a dotted name
    (`shipped`'s `os.system`), so an entry can never call into other code."""

    def find_class(self, module: str, name: str) -> Any:
        if module == "datetime" and name in {"date", "datetime"}:
            return super().find_class(module, name)
        if module.startswith("councilkit.model.") and name.isidentifier():
            found = super().find_class(module, name)
            if isinstance(found, type) and found.__module__ == module:
                return found
        raise pickle.UnpicklingError(f"{module}.{name} hoort niet in een raamwerk")


def _cached_body(
    file: Path, head: str, *, model: bool = False, variant: str = "", facts: str | None = None
) -> bytes | None:
    """The body of `file`'s cache entry (which one: see `_entry`) when it carries its key, else None."""
    found = _entry(file, model=model, variant=variant, facts=facts)
    if found is None:
        return None
    entry, key = found
    return _read_entry(entry, f"{head} {key}")


def _read_entry(entry: Path, head: str) -> bytes | None:
    """The body of a cache entry whose first line is `head` plus the sha256 of the body, or None."""
    info = os.stat(entry)
    if not stat.S_ISREG(info.st_mode) or info.st_size > _MAX_ENTRY:
        return None
    with open(entry, "rb") as handle:
        raw = handle.read(_MAX_ENTRY + 1)
    first, _, body = raw.partition(b"\n")
    if first != f"{head} {hashlib.sha256(body).hexdigest()}".encode():
        return None
    return body


def _write_entry(entry: Path, head: str, body: bytes) -> None:
    entry.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=entry.suffix, dir=entry.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(f"{head} {hashlib.sha256(body).hexdigest()}\n".encode() + body)
        os.replace(tmp, entry)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _prune(entry.parent)


def cached_model(model_cls: type[M], file: Path) -> M | None:
    """The framework validated from `file` in an earlier run, or None (no entry, another key, damaged,
    unreadable, or anything but a `model_cls`)."""
    return _cached_object(model_cls, file, "")


def store_model(file: Path, model: BaseModel) -> None:
    """Keep `model` (just validated from `file`'s data) for the next run; silently skip what goes wrong."""
    _store_object(file, model, "")


def _cached_object(cls: type[T], file: Path, variant: str) -> T | None:
    try:
        body = _cached_body(file, _MODEL_FORMAT, model=True, variant=variant)
        if body is None:
            return None
        obj = _FrameworkUnpickler(io.BytesIO(body)).load()
    except Exception:  # whatever a damaged entry does, the ordinary route follows
        return None
    return obj if type(obj) is cls else None


def _store_object(file: Path, obj: object, variant: str) -> None:
    try:
        found = _entry(file, model=True, variant=variant)
        if found is None:
            return
        entry, key = found
        body = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
        back = _FrameworkUnpickler(io.BytesIO(body)).load()
        from pydantic import BaseModel  # loaded already: `obj` was just validated or built

        # A model compares field by field; an index (no equality of its own) by its attributes.
        same = back == obj if isinstance(obj, BaseModel) else vars(back) == vars(obj)
        if type(back) is not type(obj) or not same:
            return  # it would not come back the same: build it every time
        _write_entry(entry, f"{_MODEL_FORMAT} {key}", body)
    except Exception:  # a cache that cannot be written is only slower
        return


def store_data(file: Path, data: Any, facts: str | None = None) -> None:
    """Keep `data` (just read from `file`, or the facts called `facts` just derived from it) for the
    next run; silently skip whatever goes wrong."""
    try:
        found = _entry(file, facts=facts)
        if found is None:
            return
        entry, key = found
        body = json.dumps(data, ensure_ascii=False, default=_encode_date).encode()
        if not _same(json.loads(body, object_hook=_decode_object), data):
            return  # a value JSON cannot carry exactly: read this file as YAML every time
        _write_entry(entry, f"{_FORMAT} {key}", body)
    except (OSError, ValueError, TypeError, RecursionError):
        return


def _prune(folder: Path) -> None:
    for pattern in ("*.json", "*.model"):
        entries = sorted(folder.glob(pattern), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in entries[_MAX_ENTRIES:]:
            old.unlink(missing_ok=True)


def _encode_date(value: object) -> object:
    if isinstance(value, dt.datetime):
        return {_DATETIME: value.isoformat()}
    if isinstance(value, dt.date):
        return {_DATE: value.isoformat()}
    raise TypeError(f"{type(value).__name__} past niet in de cache")


def _decode_object(obj: dict[str, Any]) -> object:
    if len(obj) == 1:
        if _DATE in obj:
            return dt.date.fromisoformat(obj[_DATE])
        if _DATETIME in obj:
            return dt.datetime.fromisoformat(obj[_DATETIME])
    return obj


def _same(a: Any, b: Any) -> bool:
    """Equal and of the same types all the way down (JSON must not turn 1.0 into 1, or a key order)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)
