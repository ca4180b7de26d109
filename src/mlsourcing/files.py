"""Writing files safely: atomically, and never over a user's file without --force."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from mlsourcing.errors import MlsourcingError


class WriteError(MlsourcingError):
    """A file that may not, or could not, be written (exit 1)."""


def write_new(path: str | os.PathLike[str], text: str, force: bool = False) -> Path:
    """Write ``text`` to ``path`` atomically.

    The text goes to a temporary file in the same folder, is flushed to disk, and
    only then takes the final name, so an interrupted or failing write leaves any
    existing file exactly as it was. Without ``force`` an existing file is never
    replaced, even if it appears between the check and the write (the final step
    is then a hard link, which fails if the name exists).
    """
    target = Path(path)
    if target.is_dir():
        raise WriteError(f"{target}: is a directory")
    if target.exists() and not force:
        raise WriteError(f"{target}: already exists; use --force to replace it")
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise WriteError(f"{target}: the folder {folder} does not exist")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if force:
            os.replace(tmp, target)
        else:
            try:
                os.link(tmp, target)
            except FileExistsError:
                raise WriteError(f"{target}: already exists; use --force to replace it") from None
            except OSError:  # a file system without hard links: the check above must do
                if target.exists():
                    raise WriteError(
                        f"{target}: already exists; use --force to replace it"
                    ) from None
                os.replace(tmp, target)
    except OSError as exc:
        raise WriteError(f"{target}: cannot write: {exc.strerror or exc}") from None
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return target
