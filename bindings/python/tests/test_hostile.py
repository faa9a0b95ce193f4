"""A slow or stripped server through the Python surface (issue 12): the low-speed limit's
keywords and the result's verified flag."""

import time
import unittest

from base import PART, EmulatorTestCase  # first: puts the package on sys.path

import ossresume


class HostileServerTest(EmulatorTestCase):

    def test_drip_ends_at_speed_time(self):
        """A part answer dripped at 1 B/s fails with a timeout naming the limit after
        speed_time (plus the monitor's step), not never."""
        path, _ = self.make_file(2 * PART)
        self.emu.add_fault("op=UploadPart,part=2,drip=1s")
        b = self.bucket(retries=0, speed_time=1.5, speed_limit=1024)
        start = time.monotonic()
        with self.assertRaises(ossresume.RequestError) as cm:
            b.resumable_upload("drip", path, part_size=PART, multipart_threshold=1)
        took = time.monotonic() - start
        self.assertIn("low-speed", str(cm.exception))
        self.assertGreaterEqual(took, 1.5)
        self.assertLess(took, 4.0)

    def test_speed_limit_off(self):
        """speed_limit=0 turns the limit off, as in curl: a slow but finite drip completes."""
        path, data = self.make_file(1000)
        self.emu.add_fault("op=PutObject,drip=4ms")  # ~300 bytes of head: over 1 s
        b = self.bucket(retries=0, speed_time=0.5, speed_limit=0)
        r = b.resumable_upload("off", path)
        self.assertEqual(self.emu.get_object("off")[1], data)
        self.assertTrue(r.verified)

    def test_not_verified_without_a_server_crc(self):
        """No CRC-64 on any answer (HEAD included): the upload succeeds and says not verified."""
        path, data = self.make_file(2 * PART)
        b = self.bucket()
        self.emu.add_fault("no-crc")
        r = b.resumable_upload("nocrc", path, part_size=PART, multipart_threshold=1)
        self.assertFalse(r.verified)
        self.emu.clear_faults()
        self.assertEqual(self.emu.get_object("nocrc")[1], data)
        r = b.resumable_upload("withcrc", path, part_size=PART, multipart_threshold=1)
        self.assertTrue(r.verified)

    def test_bad_speed_time(self):
        with self.assertRaises(ossresume.ClientError):
            self.bucket(speed_time=-1)


if __name__ == "__main__":
    unittest.main()
