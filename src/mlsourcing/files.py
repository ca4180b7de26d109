"""Files a user names: read with the same checks every time (never a device, FIFO
or folder), and written safely: atomically, and never over a user's file unless
told to."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from mlsourcing.errors import DatasetError, Hint, WriteError

REPLACE = Hint("; use {0} to replace it", "force")  # what to do about a file that exists

KINDS = {
    stat.S_IFDIR: "a directory",
    stat.S_IFIFO: "a FIFO (named pipe)",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
}


def kind_of(mode: int) -> str:
    """What a file that is not a regular one is, as a message says it."""
    return KINDS.get(stat.S_IFMT(mode), "not a regular file")


def read_file(file: str | os.PathLike[str], label: str, what: str = "a dataset file") -> bytes:
    """The bytes of a file a user names for reading, by the checks every such file
    gets: a device, FIFO, socket or folder is refused at once (never read or
    waited on), and every failure is one DatasetError naming ``label``."""
    try:
        with open(file, "rb", opener=_opener) as handle:
            return handle.read()
    except FileNotFoundError:
        raise DatasetError(label, ["file not found"]) from None
    except IsADirectoryError:
        raise DatasetError(label, [f"is a directory, not {what}"]) from None
    except NotARegularFile as exc:
        raise DatasetError(label, [f"is {exc.kind}, not {what}"]) from None
    except OSError as exc:
        raise DatasetError(label, [f"cannot read: {exc.strerror or exc}"]) from None


def _opener(path: str, flags: int) -> int:
    """Open without blocking (a FIFO with no writer would wait forever), then
    accept only a regular file."""
    fd = os.open(path, flags | getattr(os, "O_NONBLOCK", 0))
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise NotARegularFile(kind_of(mode))
    if hasattr(os, "set_blocking"):
        os.set_blocking(fd, True)
    return fd


class NotARegularFile(OSError):
    def __init__(self, kind: str) -> None:
        super().__init__(f"is {kind}, not a regular file")
        self.kind = kind
        self.strerror = str(self)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def check_target(path: str | os.PathLike[str], force: bool = False) -> os.stat_result | None:
    """Refuse, before any work is done, a place :func:`write_new` would refuse: a
    device, FIFO, socket or directory (even with ``force``); a file that exists,
    unless ``force``; a file its owner made read-only, or that this user may not
    write (even with ``force``: that is the owner's word, as ``cp -i`` would
    respect it); a folder that does not exist. Returns the target's status, or None
    for a new file."""
    shown = Path(path)
    target = Path(os.path.realpath(shown))  # a link's target, not the link
    try:
        info = os.stat(target)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise WriteError(f"{shown}: cannot write: {exc.strerror or exc}") from None
    if info is not None and not stat.S_ISREG(info.st_mode):
        kind = kind_of(info.st_mode)
        raise WriteError(f"{shown}: is {kind}, not a regular file; name a file to write")
    if info is not None and not force:
        raise WriteError(f"{shown}: already exists", REPLACE)
    if info is not None and (not info.st_mode & 0o222 or not os.access(target, os.W_OK)):
        raise WriteError(
            f"{shown}: is read-only, so it is not replaced; make it writable "
            "(chmod u+w) if it should be"
        )
    if not target.parent.is_dir():
        raise WriteError(f"{shown}: the folder {shown.parent} does not exist")
    return info


def write_new(path: str | os.PathLike[str], text: str | bytes, force: bool = False) -> Path:
    """Write ``text`` to ``path`` atomically, where :func:`check_target` allows it.

    A symbolic link is followed: its target is replaced, the link stays. The text
    goes to a temporary file in the same folder, is flushed to disk, and only then
    takes the final name, so an interrupted or failing write leaves any existing
    file exactly as it was. A new file gets the user's usual permissions (0666
    less the umask); a replaced file keeps its own. Without ``force`` an existing
    file is never replaced, even if it appears between the check and the write
    (the final step is then a hard link, which fails if the name exists).
    """
    shown = Path(path)
    target = Path(os.path.realpath(shown))
    info = check_target(path, force)
    folder = target.parent
    mode = stat.S_IMODE(info.st_mode) if info is not None else 0o666 & ~_umask()
    import tempfile  # only when writing: the loader imports this module for kind_of

    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise WriteError(f"{shown}: cannot write: {exc.strerror or exc}") from None
    try:
        data = text.encode("utf-8") if isinstance(text, str) else text
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fchmod(handle.fileno(), mode)
            os.fsync(handle.fileno())
        if force:
            os.replace(tmp, target)
        else:
            try:
                os.link(tmp, target)
            except FileExistsError:
                raise WriteError(f"{shown}: already exists", REPLACE) from None
            except OSError:  # a file system without hard links: the check above must do
                if target.exists():
                    raise WriteError(f"{shown}: already exists", REPLACE) from None
                os.replace(tmp, target)
    except OSError as exc:
        raise WriteError(f"{shown}: cannot write: {exc.strerror or exc}") from None
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return shown


def sha256(path: str | os.PathLike[str]) -> str:
    """A file's SHA-256, in hex: which version of a dataset a report was made from."""
    import hashlib

    return hashlib.sha256(Path(path).read_bytes()).hexdigest()
