"""Stopping an upload: a raising progress callback, Ctrl-C, cancel(), leaving a context
manager, cancelling an asyncio task. Each keeps the checkpoint, and a second run resumes."""

import _thread
import asyncio
import os
import threading
import time

from base import PART, EmulatorTestCase  # first: puts the package on sys.path
from crc64 import crc64

import ossresume

HOLD = 0.2  # seconds the server holds every part
SLOW = f"op=UploadPart,delay={int(HOLD * 1000)}ms"


class Stop(Exception):
    """The test's own exception, raised from a progress callback."""


class CancelTest(EmulatorTestCase):

    def slow_file(self, parts=8):
        self.emu.add_fault(SLOW)
        return self.make_file(parts * PART)

    def upload(self, path, key, **kw):
        args = dict(part_size=PART, num_threads=1, multipart_threshold=0)
        args.update(kw)
        return ossresume.resumable_upload(self.bucket(), key, path, **args)

    def first_part_done(self):
        """True once the server has acknowledged a part: stopping after that leaves a part to
        resume on a machine of any speed (a fixed delay could come before the first)."""
        return any(e["status"] == 200 for e in self.ops("UploadPart"))

    def wait_first_part(self):
        deadline = time.monotonic() + 30
        while not self.first_part_done():
            self.assertLess(time.monotonic(), deadline, "no part acknowledged in 30 s")
            time.sleep(0.02)

    def assert_stopped_early(self, parts, elapsed, what, within=None):
        """The upload stopped before its end: parts were left unsent, no Complete, and elapsed
        (the call that stopped it) stayed under half of what the unsent parts alone would have
        kept an uncancelled run busy: the server holds each one HOLD seconds, on one thread.
        That floor is set by the server, not this machine's speed, so the bound holds on a
        loaded machine. within, when given, bounds elapsed too (a documented latency). The log
        holds this test's one upload alone (setUp empties it)."""
        acked = {e["partNumber"] for e in self.ops("UploadPart") if e["status"] == 200}
        self.assertLess(len(acked), parts, f"{what}: every part was sent")
        self.assertEqual(self.ops("CompleteMultipartUpload"), [], f"{what}: the upload was completed")
        floor = (parts - len(acked)) * HOLD
        self.assertLess(elapsed, floor / 2,
                        f"{what} took {elapsed:.2f} s; the {parts - len(acked)} parts left would "
                        f"have taken an uncancelled run at least {floor:.1f} s")
        if within is not None:
            self.assertLess(elapsed, within, f"{what} took {elapsed:.2f} s, not within {within} s")

    def assert_resumes(self, path, data, key):
        """The checkpoint survived: a second run resumes with parts carried over."""
        self.assertTrue(os.path.exists(path + ".cp"), "the checkpoint must be kept")
        self.assertEqual(len(self.emu.open_uploads()), 1, "the upload must stay open")
        self.emu.clear_faults()
        r = self.upload(path, key, num_threads=4)
        self.assertGreater(r.bytes_resumed, 0)
        self.assertEqual(r.crc, crc64(data))
        self.assertEqual(self.emu.open_uploads(), [])

    def test_raising_callback_cancels_and_reaches_the_caller(self):
        parts = 20
        path, data = self.slow_file(parts)
        boom = Stop("stop here")
        calls = []

        def progress(done, total):
            calls.append(done)
            if done >= 2 * PART:
                raise boom

        t0 = time.monotonic()
        with self.assertRaises(Stop) as cm:
            self.upload(path, "callback.bin", progress_callback=progress)
        elapsed = time.monotonic() - t0
        self.assertIs(cm.exception, boom, "the callback's own exception, not a wrapper")
        # The whole call: 2 parts, then the cancel; uncancelled it lasts 20 × HOLD = 4 s or more.
        self.assert_stopped_early(parts, elapsed, "the call whose callback raised")
        self.assertGreaterEqual(calls[-1], 2 * PART)
        self.assertTrue(all(d < 2 * PART for d in calls[:-1]),
                        f"no calls after the one that raised: {calls}")
        self.assert_resumes(path, data, "callback.bin")

    def test_keyboard_interrupt_cancels_within_a_second(self):
        self.python_handles_sigint()
        path, data = self.slow_file(parts=20)
        fired = []

        def interrupt():
            self.wait_first_part()
            fired.append(time.monotonic())
            _thread.interrupt_main()  # what Ctrl-C does: KeyboardInterrupt in the main thread

        timer = threading.Thread(target=interrupt, daemon=True)
        timer.start()
        with self.assertRaises(KeyboardInterrupt):
            self.upload(path, "ctrl-c.bin")
        latency = time.monotonic() - fired[0]
        self.assertLess(latency, 1.0, f"Ctrl-C took {latency:.2f} s to stop the upload")
        self.assert_resumes(path, data, "ctrl-c.bin")

    def test_cancel_from_another_thread(self):
        path, data = self.slow_file()
        with self.bucket().start_upload("cancel.bin", path, part_size=PART, num_threads=1,
                                        multipart_threshold=0) as up:
            threading.Thread(target=lambda: (self.wait_first_part(), up.cancel()), daemon=True).start()
            with self.assertRaises(ossresume.CancelledError) as cm:
                up.wait(timeout=30)
            self.assertEqual(cm.exception.code, "Cancelled")
            done, total, finished = up.progress()
            self.assertTrue(finished)
            self.assertLess(done, total)
        self.assert_resumes(path, data, "cancel.bin")

    def test_leaving_the_context_cancels_a_running_upload(self):
        parts = 20
        path, data = self.slow_file(parts)
        with self.bucket().start_upload("ctx.bin", path, part_size=PART, num_threads=1,
                                        multipart_threshold=0) as up:
            self.wait_first_part()
            t0 = time.monotonic()
        # Timed: the with statement's exit, which cancels the upload and waits for it to stop,
        # within a second as a cancel must (the part in flight is held 0.2 s).
        self.assert_stopped_early(parts, time.monotonic() - t0, "leaving the with block", within=1.0)
        up.close()  # idempotent
        self.assert_resumes(path, data, "ctx.bin")

    def test_cancelling_an_asyncio_task(self):
        path, data = self.slow_file()

        async def main():
            task = asyncio.ensure_future(ossresume.resumable_upload_async(
                self.bucket(), "task.bin", path, part_size=PART, num_threads=1,
                multipart_threshold=0))
            while not self.first_part_done():
                await asyncio.sleep(0.02)
            task.cancel()
            with self.assertRaises(asyncio.CancelledError):
                await task

        asyncio.run(main())
        self.assert_resumes(path, data, "task.bin")
