"""What every object holding a C handle shares: a lock, so that one
object used from several threads is safe (ctypes releases the GIL during
every C call, so calls on one handle could otherwise overlap), and the
type check of a handle argument before it reaches C (ctypes would pass
any object's pointer on, and the C library would read it as the wrong
struct)."""
import contextlib
import threading

__all__ = ["new_lock", "locked", "need", "live", "free"]

class HandleLock:
    """An object's lock. Re-entrant, so that a method may call another of
    the same object; but while this thread is inside a C call on the
    object that calls back into Python (an analysis's cancel hook, where
    Python runs signal handlers), the object is refused to this thread:
    the C call is still working on it, and a handler that closed or
    changed it would pull it away from under the call. Other threads wait
    for the lock as usual."""

    def __init__(self):
        self._lock = threading.RLock()
        self.calling = None  # the thread inside such a call, or None

    def acquire(self):
        self._lock.acquire()
        if self.calling == threading.get_ident():
            self._lock.release()
            raise RuntimeError("cjm: the object is inside a call of this thread (from a signal "
                               "handler?): use it once that call has returned")

    def release(self):
        self._lock.release()

    def __enter__(self):
        self.acquire()
        return self

    def __exit__(self, *exc):
        self.release()


new_lock = HandleLock


@contextlib.contextmanager
def locked(*owners):
    """Holds the locks of several objects, always taken in one order (by
    id) so that two threads locking the same pair never deadlock."""
    locks = sorted({id(o._lock): o._lock for o in owners if o is not None}.items())
    for _, lock in locks:
        lock.acquire()
    try:
        yield
    finally:
        for _, lock in reversed(locks):
            lock.release()


def need(value, cls, name, optional=False):
    """`value` itself when it is a `cls` (or None when optional), else TypeError."""
    if value is None and optional:
        return None
    if not isinstance(value, cls):
        raise TypeError(f"{name}: expected cjm.{cls.__name__}, not {type(value).__name__}")
    return value


def live(owner, error, message):
    """owner's C handle, never NULL (which C would read as a default or
    crash on): `error(message)` once the handle is gone (freed by hand,
    or never made)."""
    handle = getattr(owner, "_h", None)
    if not handle:
        raise error(message)
    return handle


def free(owner, free_function):
    """Frees owner's C handle once, under its lock: a call under way on it
    (another thread's, or this thread's own that a signal handler
    interrupted) is never left reading freed memory. From the collector
    no call can be under way; by hand, another thread waits, and this
    thread's own call refuses (RuntimeError)."""
    lock = getattr(owner, "_lock", None)
    if lock is None:  # __init__ never ran so far
        handle, owner._h = getattr(owner, "_h", None), None
    else:
        with lock:
            handle, owner._h = getattr(owner, "_h", None), None
    if handle:
        free_function(handle)
