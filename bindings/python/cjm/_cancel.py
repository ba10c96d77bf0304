"""Stopping a long C call: Ctrl-C, Analysis.cancel() from another thread,
or an exception a signal handler raises.

The library asks an analysis's cancel hook now and then during a long
call (adding many events, a report, a merge, the state as bytes), in the
thread that made the call, and stops the call when it says so, leaving
the analysis as it was (cjm.CancelledError). The hook here answers from
a flag.

Ctrl-C cannot reach Python code while a C call runs: Python runs its
signal handlers between bytecodes of the main thread. So while a long
call made from the main thread runs, a SIGINT handler of ours sets the
flag, and the hook, Python code that the library calls in that thread,
gives Python the moment to run it. After the call Python's handler is
back, and KeyboardInterrupt is raised as Ctrl-C would have raised it. A
program that installed its own SIGINT handler keeps it: its handler runs
as before.

A program's own handler may raise (the usual timeout: SIGALRM raising an
exception). It raises inside the hook, which ctypes cannot pass on: ctypes
hands it to sys.unraisablehook instead. While a call runs, that hook is
ours (installed at the first long call and kept, passing any other
exception to the hook in place before): the exception stops the call, and
the call raises it, with the call's cjm.CancelledError as its cause. Meanwhile the thread may not use
the analysis (nor the other one of a merge): see _handle.HandleLock.
"""
import contextlib
import signal
import sys
import threading

from ._capi import lib

__all__ = ["Hook", "interruptible"]

try:
    from ._capi import CANCEL_HOOK
except ImportError:  # pragma: no cover - an older binding table
    CANCEL_HOOK = None
HAS_CANCEL = CANCEL_HOOK is not None and hasattr(lib, "cjm_analysis_set_cancel")


class Hook:
    """One analysis's cancel hook and its flags."""

    def __init__(self, handle, lock):
        self.lock = lock          # the analysis's, refused to its thread during a call
        self.stop = False         # a stop asked (cancel(), Ctrl-C or a handler's exception)
        self.interrupted = False  # by Ctrl-C
        self.raised = None        # the exception a signal handler raised in the hook
        self.asks = 0             # how often the library asked (tests read it)
        self.under_way = 0        # calls under way: a stop asked now is for them
        self._count = threading.Lock()
        if HAS_CANCEL:
            self.function = lambda _user: self.ask()
            self._c = CANCEL_HOOK(self.function)
            lib.cjm_analysis_set_cancel(handle, self._c, None)

    def ask(self):
        """What the library's question gets: whether to stop now."""
        self.asks += 1
        return self.stop

    @contextlib.contextmanager
    def call(self):
        """One public call, from its first Python step to its end: a stop
        asked while it prepares its columns stops its C call too. A stop
        asked before it began is for no call."""
        with self._count:
            if not self.under_way:
                self.stop = self.interrupted = False
                self.raised = None
            self.under_way += 1
        try:
            yield
        finally:
            with self._count:
                self.under_way -= 1


# The hooks of the calls under way, by their Python function, for the
# unraisable hook below.
_running = {}
_running_lock = threading.Lock()
_chained = None


def _unraisable(unraisable):
    """An exception ctypes could not pass on from one of our hooks stops its
    call, to be raised by it; any other goes on as before."""
    hook = _running.get(id(unraisable.object))
    if hook is not None and hook.function is unraisable.object:
        if hook.raised is None:
            hook.raised = unraisable.exc_value
        hook.stop = True
        return
    (_chained or sys.__unraisablehook__)(unraisable)


def _watch(hook):
    global _chained
    with _running_lock:
        if sys.unraisablehook is not _unraisable:
            _chained = sys.unraisablehook
            sys.unraisablehook = _unraisable
        _running[id(hook.function)] = hook


def _unwatch(hook):
    with _running_lock:
        _running.pop(id(hook.function), None)


def _on_sigint(hook):
    def handler(signum, frame):
        hook.interrupted = hook.stop = True
    return handler


@contextlib.contextmanager
def interruptible(hook, *others):
    """Runs one long C call so that Ctrl-C, cancel() or a signal handler's
    exception stops it: the call's cjm.CancelledError becomes
    KeyboardInterrupt when Ctrl-C asked for the stop, and the handler's
    exception when one raised. `others`: objects the call also works on,
    refused to this thread until it returns, as the analysis is."""
    if not hook.under_way:
        hook.stop = hook.interrupted = False
        hook.raised = None
    swap = HAS_CANCEL and threading.current_thread() is threading.main_thread() and \
        signal.getsignal(signal.SIGINT) is signal.default_int_handler
    locks = [hook.lock] + [o._lock for o in others]
    me = threading.get_ident()
    if HAS_CANCEL:
        _watch(hook)
    for lock in locks:
        lock.calling = me
    if swap:
        signal.signal(signal.SIGINT, _on_sigint(hook))
    try:
        yield
    except BaseException as e:
        raised, hook.raised = hook.raised, None
        if raised is not None:
            raise raised from e
        if hook.interrupted and not isinstance(e, KeyboardInterrupt):
            raise KeyboardInterrupt() from e
        raise
    finally:
        if swap:
            signal.signal(signal.SIGINT, signal.default_int_handler)
        for lock in locks:
            lock.calling = None
        if HAS_CANCEL:
            _unwatch(hook)
    raised, hook.raised = hook.raised, None
    if raised is not None:
        # Raised after the library's last question: the call ended whole.
        raise raised
    if hook.interrupted:
        # Ctrl-C after the library's last question: the call ended whole,
        # and the interrupt still reaches the program.
        raise KeyboardInterrupt()
