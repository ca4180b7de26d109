"""Work on a second processor: a function run in a forked child, its result sent back;
and worker threads for numpy work, which runs without the interpreter lock.

These machines have two cores and Python runs on one. Where a command's work
splits in two independent halves (parsing a large file, writing a long JSON
list), a child process, forked so that it shares everything loaded so far,
does one half while this process does the other. :class:`Forked` sends the
child's result back through a pipe (marshal: a few milliseconds for megabytes
of plain data); :class:`ForkedItems` has the child write item after item to a
temporary file, read back one at a time. A failure in the child is reported,
never raised there: the caller then does that half (or what is left) itself.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import signal
from collections.abc import Callable, Iterable, Iterator
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from concurrent.futures import ThreadPoolExecutor


def processors() -> int:
    """How many processors this process may use (its affinity, where there is one)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS and Windows have no affinity call
        return os.cpu_count() or 1


def can_fork() -> bool:
    """Whether a second processor can take half the work here."""
    return hasattr(os, "fork") and processors() >= 2


_THREADS: list[ThreadPoolExecutor] = []


def threads() -> ThreadPoolExecutor:
    """Two worker threads, made when first asked for and kept for the process (the
    command ends with it), shared by every analysis that hands numpy work over:
    ranking chunks of draws, scoring half of a chunk's value draws."""
    if not _THREADS:  # imported here: every command loads this module, few use threads
        from concurrent.futures import ThreadPoolExecutor

        _THREADS.append(ThreadPoolExecutor(max_workers=2))
    return _THREADS[0]


class ChildFailed(Exception):
    """The child could not do its half (an exception there, or no result); of a
    :class:`ForkedItems`, ``delivered`` items had come before."""

    def __init__(self, message: str, delivered: int = 0) -> None:
        super().__init__(message)
        self.delivered = delivered


class Forked:
    """``function(*args)`` started in a forked child; :meth:`result` waits for it."""

    def __init__(self, function: Callable[..., Any], *args: Any) -> None:
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: work, send, and leave without any exit handler
            try:
                os.close(read)
                payload = _payload(function, args)
                with os.fdopen(write, "wb") as out:
                    out.write(payload)
            finally:
                os._exit(0)
        os.close(write)
        self.pid, self.read = pid, read

    def result(self) -> Any:
        """The child's result; ChildFailed if it had none to give."""
        try:
            with os.fdopen(self.read, "rb") as answer:
                payload = answer.read()
        finally:
            os.waitpid(self.pid, 0)
        kind, body = payload[:1], payload[1:]
        if kind == b"M":
            return marshal.loads(body)
        if kind == b"P":
            import pickle

            return pickle.loads(body)
        raise ChildFailed(body.decode("utf-8", "replace"))


def _payload(function: Callable[..., Any], args: tuple[Any, ...]) -> bytes:
    try:
        found = function(*args)
    except Exception as exc:  # said to the parent, which does the work itself
        return b"E" + repr(exc).encode("utf-8", "replace")
    try:
        return b"M" + marshal.dumps(found)
    except ValueError:  # a type marshal has none for (dates, times): pickle
        import pickle

        return b"P" + pickle.dumps(found, protocol=pickle.HIGHEST_PROTOCOL)


class ForkedItems:
    """``function(*args)``, an iterable of items (plain data), made in a forked child
    that writes each to an unnamed temporary file as soon as it is made; once the
    child is done, :meth:`items` reads them back one at a time. A file and not a
    pipe: the child never waits for this process to read, and neither process holds
    all the items in memory (the file sits in the system's cache)."""

    def __init__(self, function: Callable[..., Iterable[Any]], *args: Any) -> None:
        import tempfile

        # shared with the child; closed (and so gone) by items()
        self.file = tempfile.TemporaryFile()  # noqa: SIM115
        pid = os.fork()
        if pid == 0:  # the child: write, and leave without any exit handler
            try:
                _frames(self.file, function, args)
            finally:
                os._exit(0)
        self.pid = pid

    def items(self) -> Iterator[Any]:
        """The child's items, in order; ChildFailed (with how many came) where they
        stop short."""
        os.waitpid(self.pid, 0)
        self.pid = 0
        delivered = 0
        with self.file as frames:
            frames.seek(0)
            while True:
                head = frames.read(9)
                kind, size = head[:1], int.from_bytes(head[1:], "little")
                if kind == b"D" and len(head) == 9:
                    return
                body = frames.read(size)
                if kind != b"M" or len(head) < 9 or len(body) < size:
                    why = body.decode("utf-8", "replace") if kind == b"E" else "no result"
                    raise ChildFailed(why, delivered)
                delivered += 1
                yield marshal.loads(body)

    def close(self) -> None:
        """Stop the child if it is still at work (its items are not wanted: the reader
        has gone), reap it, and let its file go."""
        if self.pid:
            with contextlib.suppress(OSError):
                os.kill(self.pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(self.pid, 0)
            self.pid = 0
        self.file.close()


def _frames(out: IO[bytes], function: Callable[..., Iterable[Any]], args: tuple[Any, ...]) -> None:
    """Each item as a frame (kind, length, marshal), then D, or E and why."""
    try:
        for item in function(*args):
            body = marshal.dumps(item)
            out.write(b"M" + len(body).to_bytes(8, "little") + body)
        out.write(b"D" + bytes(8))
    except Exception as exc:  # said to the parent, which does the rest itself
        why = repr(exc).encode("utf-8", "replace")
        with contextlib.suppress(Exception):
            out.write(b"E" + len(why).to_bytes(8, "little") + why)
    with contextlib.suppress(Exception):
        out.flush()
