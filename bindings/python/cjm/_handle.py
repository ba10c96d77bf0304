"""What every object holding a C handle shares: a lock, so that one
object used from several threads is safe (ctypes releases the GIL during
every C call, so calls on one handle could otherwise overlap), and the
type check of a handle argument before it reaches C (ctypes would pass
any object's pointer on, and the C library would read it as the wrong
struct)."""
import contextlib
import threading

__all__ = ["new_lock", "locked", "need"]

new_lock = threading.RLock


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
