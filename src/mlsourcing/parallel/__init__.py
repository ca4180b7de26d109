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

        def send() -> None:
            os.close(read)
            with os.fdopen(write, "wb") as out:
                _frames(out, lambda: (function(*args),))

        self.pid = _fork(send)
        os.close(write)
        self.read = read

    def result(self) -> Any:
        """The child's result; ChildFailed if it had none to give."""
        try:
            with os.fdopen(self.read, "rb") as answer:
                (found,) = _read(answer)
        finally:
            os.waitpid(self.pid, 0)
        return found


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
        self.pid = _fork(lambda: _frames(self.file, lambda: function(*args)))

    def items(self) -> Iterator[Any]:
        """The child's items, in order; ChildFailed (with how many came) where they
        stop short."""
        os.waitpid(self.pid, 0)
        self.pid = 0
        with self.file as frames:
            frames.seek(0)
            yield from _read(frames)

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


def _fork(work: Callable[[], None]) -> int:
    """Fork: the child does ``work`` and leaves without any exit handler (they are
    this process's, not the child's); here, the child's process id."""
    pid = os.fork()
    if pid == 0:
        try:
            work()
        finally:
            os._exit(0)
    return pid


# What a child sends, frame by frame: a kind, the body's length (8 bytes) and the
# body. M: an item by marshal; P: one by pickle (a type marshal has none for: dates,
# times); D: done, after the last item; E: the child failed, and why.
HEAD = 9


def _frames(out: IO[bytes], items: Callable[[], Iterable[Any]]) -> None:
    """Each of ``items()`` as a frame, then D; or, where making them fails, E."""
    try:
        for item in items():
            out.write(_frame(item))
        out.write(b"D" + bytes(8))
    except Exception as exc:  # said to the parent, which does the rest itself
        why = repr(exc).encode("utf-8", "replace")
        with contextlib.suppress(Exception):
            out.write(b"E" + len(why).to_bytes(8, "little") + why)
    with contextlib.suppress(Exception):
        out.flush()


def _frame(item: Any) -> bytes:
    try:
        kind, body = b"M", marshal.dumps(item)
    except ValueError:
        import pickle

        kind, body = b"P", pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL)
    return kind + len(body).to_bytes(8, "little") + body


def _read(frames: IO[bytes]) -> Iterator[Any]:
    """The items of a child's frames, in order; ChildFailed (with how many came) where
    they stop short of D."""
    delivered = 0
    while True:
        head = frames.read(HEAD)
        kind, size = head[:1], int.from_bytes(head[1:], "little")
        if kind == b"D" and len(head) == HEAD:
            return
        body = frames.read(size)
        if kind not in (b"M", b"P") or len(head) < HEAD or len(body) < size:
            why = body.decode("utf-8", "replace") if kind == b"E" else "no result"
            raise ChildFailed(why, delivered)
        delivered += 1
        if kind == b"M":
            yield marshal.loads(body)
        else:
            import pickle

            yield pickle.loads(body)
