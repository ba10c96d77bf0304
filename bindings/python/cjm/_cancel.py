"""Stopping a long C call: Ctrl-C, or Analysis.cancel() from another thread.

The library asks an analysis's cancel hook now and then during a long
call (adding many events, a report, a merge, the state as bytes), in the
thread that made the call, and stops the call when it says so, leaving
the analysis as it was (cjm.CancelledError). The hook here answers from
a flag.

Ctrl-C cannot reach Python code while a C call runs: Python runs its
SIGINT handler between bytecodes of the main thread. So while a long call
made from the main thread runs, a handler of ours sets the flag, and
the hook, Python code that the library calls in that thread, gives
Python the moment to run it. After the call Python's handler is back,
and KeyboardInterrupt is raised as Ctrl-C would have raised it. A
program that installed its own SIGINT handler keeps it: its handler
runs as before, and the call is not stopped.
"""
import contextlib
import signal
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

    def __init__(self, handle):
        self.stop = False         # a stop asked (cancel() or Ctrl-C)
        self.interrupted = False  # by Ctrl-C
        self.asks = 0             # how often the library asked (tests read it)
        if HAS_CANCEL:
            self._c = CANCEL_HOOK(lambda _user: self.ask())
            lib.cjm_analysis_set_cancel(handle, self._c, None)

    def ask(self):
        """What the library's question gets: whether to stop now."""
        self.asks += 1
        return self.stop


def _on_sigint(hook):
    def handler(signum, frame):
        hook.interrupted = hook.stop = True
    return handler


@contextlib.contextmanager
def interruptible(hook):
    """Runs one long C call so that Ctrl-C (or cancel()) stops it: the
    call's cjm.CancelledError becomes KeyboardInterrupt when Ctrl-C asked
    for the stop. A stop asked before the call began is for no call."""
    hook.stop = hook.interrupted = False
    swap = HAS_CANCEL and threading.current_thread() is threading.main_thread() and \
        signal.getsignal(signal.SIGINT) is signal.default_int_handler
    if swap:
        signal.signal(signal.SIGINT, _on_sigint(hook))
    try:
        yield
    except BaseException as e:
        if hook.interrupted and not isinstance(e, KeyboardInterrupt):
            raise KeyboardInterrupt() from e
        raise
    finally:
        if swap:
            signal.signal(signal.SIGINT, signal.default_int_handler)
    if hook.interrupted:
        # Ctrl-C after the library's last question: the call ended whole,
        # and the interrupt still reaches the program.
        raise KeyboardInterrupt()
