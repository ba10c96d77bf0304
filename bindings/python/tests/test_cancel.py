"""Stopping long calls: cjm.CancelledError for Analysis.cancel() from
another thread, KeyboardInterrupt for Ctrl-C (a real SIGINT, raised while
the library asks its cancel hook), the analysis as it was before the
call either way, and Python's SIGINT handler back after every call."""
import copy
import signal
import threading
import unittest

import cjm
from test_cjm import funnel_map

try:
    import numpy as np
except ImportError:  # pragma: no cover
    np = None

HAS_CANCEL = hasattr(cjm._capi.lib, "cjm_analysis_set_cancel")
EVENTS = 200_000  # four blocks of the columns call, dozens of the report's questions


def many_events():
    """EVENTS events of 20,000 customers over the funnel map's stages, one
    in ten with a score on 1..5, as numpy columns."""
    rng = np.random.default_rng(7)
    tps = np.array(["ad", "site", "compare", "call", "checkout"], dtype=object)
    return dict(customers=np.array([f"c-{i}" for i in range(20_000)], dtype=object)[
                    rng.integers(0, 20_000, EVENTS)],
                at=np.sort(rng.integers(1_700_000_000_000, 1_700_100_000_000, EVENTS)),
                touchpoints=tps[rng.integers(0, len(tps), EVENTS)],
                scores=np.where(rng.random(EVENTS) < 0.1,
                                rng.integers(1, 6, EVENTS).astype(float), np.nan),
                scale_min=1, scale_max=5)


def ctrl_c_at(analysis, ask, stop=None):
    """Makes the analysis's cancel hook press Ctrl-C (a real SIGINT to
    this process) when the library asks it for the ask-th time. `stop`:
    what the hook then answers (None: the flag Ctrl-C set)."""
    hook, asked = analysis._cancel, [0]

    def answer():
        asked[0] += 1
        if asked[0] == ask:
            signal.raise_signal(signal.SIGINT)
        return hook.stop if stop is None else stop
    hook.ask = answer
    return asked


@unittest.skipUnless(HAS_CANCEL and np is not None, "needs libcjm 1.1 and numpy")
class CancelTest(unittest.TestCase):
    def setUp(self):
        self.events = many_events()

    def tearDown(self):
        self.assertIs(signal.getsignal(signal.SIGINT), signal.default_int_handler)

    def full(self):
        a = cjm.Analysis(funnel_map(), threads=2)
        a.add_columns(**self.events)
        return a

    def test_the_error(self):
        self.assertTrue(issubclass(cjm.CancelledError, cjm.Error))
        e = cjm.errors.error_for(-11, "cjm_analysis_report: cancelled")
        self.assertIsInstance(e, cjm.CancelledError)
        self.assertEqual((e.status, e.status_name), (-11, "CJM_ERR_CANCELLED"))

    def test_ctrl_c_stops_an_add_whole(self):
        for lenient in (False, True):
            a = cjm.Analysis(funnel_map(), lenient=lenient)
            a.add_columns(**{k: v[:1000] if isinstance(v, np.ndarray) else v
                             for k, v in self.events.items()})
            before = a.to_bytes()
            asked = ctrl_c_at(a, 2)  # before the second block
            with self.assertRaises(KeyboardInterrupt) as caught:
                a.add_columns(**self.events)
            self.assertIsInstance(caught.exception.__cause__, cjm.CancelledError)
            self.assertIn("cancelled", str(caught.exception.__cause__))
            self.assertEqual(asked[0], 2)
            self.assertEqual(a.to_bytes(), before)  # the first block taken back too
            del a._cancel.ask
            a.add_columns(**self.events)
            self.assertEqual(a.event_count, 1000 + len(self.events["at"]))

    def test_ctrl_c_stops_a_report(self):
        a = self.full()
        want = a.report()
        asked = ctrl_c_at(a, 3)
        with self.assertRaises(KeyboardInterrupt) as caught:
            a.report()
        self.assertIsInstance(caught.exception.__cause__, cjm.CancelledError)
        self.assertEqual(asked[0], 3)
        del a._cancel.ask
        self.assertEqual(a.report(), want)

    def test_ctrl_c_after_the_last_question(self):
        # The call ends whole; the interrupt still reaches the program.
        a = self.full()
        want = a.report()
        ctrl_c_at(a, 1, stop=False)
        with self.assertRaises(KeyboardInterrupt) as caught:
            a.report()
        self.assertIsNone(caught.exception.__cause__)
        del a._cancel.ask
        self.assertEqual(a.report(), want)

    def test_cancel_from_another_thread(self):
        a = self.full()
        want, state = a.report(), a.to_bytes()
        hook, asked = a._cancel, [0]

        def answer():  # at the first question, another thread cancels
            asked[0] += 1
            if asked[0] == 1:
                t = threading.Thread(target=a.cancel)
                t.start()
                t.join()
            return hook.stop
        hook.ask = answer
        for call in (a.report, lambda: a.add_columns(**self.events), a.to_bytes,
                     lambda: copy.copy(a), lambda: a.merge(self.full())):
            asked[0] = 0
            with self.assertRaises(cjm.CancelledError):
                call()
            self.assertEqual(asked[0], 1)
        del hook.ask
        self.assertEqual(a.to_bytes(), state)
        self.assertEqual(a.report(), want)

    def test_cancel_before_a_call_stops_no_call(self):
        a = self.full()
        a.cancel()
        self.assertEqual(a.report().events, len(self.events["at"]))
        a.close()
        a.cancel()  # closed: nothing to stop

    def test_a_handlers_exception_stops_the_call(self):
        # The usual timeout: a signal handler that raises. It runs inside
        # the hook, where ctypes cannot pass the exception on; the call
        # stops and raises it, the analysis as it was.
        class Timeout(Exception):
            pass

        def handler(signum, frame):
            raise Timeout()
        old = signal.signal(signal.SIGUSR1, handler)
        try:
            for stop in (None, False):  # stopped; or the call ends whole first
                a = self.full()
                want, state = a.report(), a.to_bytes()
                hook, asked = a._cancel, [0]

                def answer():
                    asked[0] += 1
                    if asked[0] == 2:
                        signal.raise_signal(signal.SIGUSR1)
                    return hook.stop if stop is None else False
                hook.ask = answer
                for call in (a.report, lambda: a.add_columns(**self.events)):
                    asked[0] = 0
                    with self.assertRaises(Timeout) as caught:
                        call()
                    if stop is None:
                        self.assertIsInstance(caught.exception.__cause__, cjm.CancelledError)
                        self.assertEqual(a.to_bytes(), state)
                del hook.ask
                if stop is None:
                    self.assertEqual(a.report(), want)
        finally:
            signal.signal(signal.SIGUSR1, old)

    def test_a_handler_may_not_pull_the_analysis_away(self):
        # A handler that closes or merges the analysis a call is working
        # on (or the other of a merge) is refused: the call goes on with
        # both, and raises the refusal.
        other = self.full()
        for use in (lambda a: a.close(), lambda a: a.merge(other), lambda a: a.event_count,
                    lambda a: other.close()):
            a = self.full()
            want = a.report()
            hook, asked = a._cancel, [0]

            def handler(signum, frame):
                use(a)

            def answer():
                asked[0] += 1
                if asked[0] == 2:
                    signal.raise_signal(signal.SIGUSR1)
                return hook.stop
            hook.ask = answer
            old = signal.signal(signal.SIGUSR1, handler)
            try:
                with self.assertRaisesRegex(RuntimeError, "inside a call of this thread"):
                    a.merge(other)
            finally:
                signal.signal(signal.SIGUSR1, old)
            del hook.ask
            self.assertFalse(a.closed or other.closed)
            self.assertEqual(a.report(), want)
            a.cancel()  # from a handler too: no lock is needed
        self.assertEqual(other.event_count, len(self.events["at"]))

    def test_cancel_while_the_columns_are_made(self):
        # cancel() while the binding still prepares the columns stops the
        # call all the same.
        a = self.full()
        state = a.to_bytes()

        def customers():
            a.cancel()
            yield from self.events["customers"]
        with self.assertRaises(cjm.CancelledError):
            a.add_columns(customers(), self.events["at"], self.events["touchpoints"])
        self.assertEqual(a.to_bytes(), state)
        a.add_columns(**self.events)  # the next call runs
        self.assertEqual(a.event_count, 2 * len(self.events["at"]))

    def test_own_sigint_handler_is_kept(self):
        a = self.full()
        want = a.report()
        seen = []
        old = signal.signal(signal.SIGINT, lambda signum, frame: seen.append(signum))
        try:
            ctrl_c_at(a, 2)
            self.assertEqual(a.report(), want)  # the program's handler ran; no stop
            self.assertEqual(seen, [signal.SIGINT])
        finally:
            signal.signal(signal.SIGINT, old)


if __name__ == "__main__":
    unittest.main()
