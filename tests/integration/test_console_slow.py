"""Issue 18, no data lost: input typed faster than a slow guest reads it,
with the guest not reading at all for 600 ms (beyond the console's 100 ms
idle timeout, after which input used to be dropped), on a loaded machine:
every line arrives, in order and intact."""
import subprocess
import sys

from conftest import boot

SLOW = ["configs/vms/slowreader.toml"]
LINES = 60


def line(n):
    return "line-%03d-%s" % (n, "".join(chr(ord("a") + (n + i) % 26) for i in range(40)))


def test_slow_reader_gets_every_line_under_load():
    data = "".join(line(n) + "\r" for n in range(LINES)) + "END\r"
    # Load: one busy process beside QEMU for the whole run.
    hog = subprocess.Popen([sys.executable, "-c", "while True: pass"],
                           stdin=subprocess.DEVNULL)
    try:
        run = boot(SLOW, "slowreader", timeout=120, stdin_data=data.encode())
    finally:
        hog.kill()
        hog.wait()
    assert not run.timed_out, run.output[-3000:]
    assert f"slow: {LINES} lines in order, 0 bad" in run.output, run.output[-3000:]
    # The bound (RX buffer + stash) was reached, said once, nothing lost.
    assert run.output.count("'slowreader' reads no input: the rest waits in the UART, "
                            "nothing is dropped") == 1, run.output[-3000:]
