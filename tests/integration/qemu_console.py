"""Drive a QEMU serial console through pipes (for integration tests).

    with QemuConsole(["qemu-system-aarch64", ..., "-nographic", ...],
                     log_path="build/logs/x.log") as con:
        con.expect(r"AXVISOR-LINUX-READY", timeout=300)
        con.expect(con.SHELL_PROMPT, timeout=60)
        rc, out = con.run("cat /proc/cpuinfo", timeout=30)
        con.sendline("poweroff -f")
        assert con.wait_exit(timeout=60) == 0

QEMU's stdin/stdout are pipes; with -nographic the guest's first UART is
wired to them (so is QEMU's monitor escape, Ctrl-T with the Makefile's -echr 0x14).  A reader thread
collects everything QEMU prints; `expect` searches it from a cursor that
advances past each match, so one message is never matched twice.
Everything is also appended to `log_path` (if given) as it arrives.

Output is decoded as UTF-8 with replacement; "\r" is kept (search with
patterns that allow it) except in `run`, which returns cleaned-up text.
"""
import os
import re
import signal
import subprocess
import threading
import time


class ConsoleTimeout(AssertionError):
    """An expected pattern did not appear in time (or QEMU exited first)."""


class QemuConsole:
    # Busybox ash's default-ish prompts: "/ # ", "~ # ", "# " at the end.
    SHELL_PROMPT = r"[#$] $"

    def __init__(self, argv, log_path=None, env=None):
        self.argv = list(argv)
        self._buf = ""
        self._pos = 0
        self._cond = threading.Condition()
        self._eof = False
        self._seq = 0
        self._log = None
        if log_path:
            os.makedirs(os.path.dirname(os.path.abspath(log_path)), exist_ok=True)
            self._log = open(log_path, "w", encoding="utf-8", errors="replace")
            self._log.write("$ %s\n" % " ".join(self.argv))
        self.start_time = time.monotonic()
        self.proc = subprocess.Popen(self.argv, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, env=env,
                                     start_new_session=True)
        self._reader = threading.Thread(target=self._read_loop, daemon=True)
        self._reader.start()

    # --- output ----------------------------------------------------------
    def _read_loop(self):
        fd = self.proc.stdout.fileno()
        while True:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                chunk = b""
            text = chunk.decode("utf-8", errors="replace")
            with self._cond:
                if not chunk:
                    self._eof = True
                    self._cond.notify_all()
                    return
                self._buf += text
                if self._log:
                    self._log.write(text)
                    self._log.flush()
                self._cond.notify_all()

    @property
    def output(self):
        """Everything QEMU printed so far."""
        with self._cond:
            return self._buf

    def expect(self, pattern, timeout):
        """Wait for regex `pattern` after the cursor; return the match.

        The cursor moves to the end of the match.  Raises ConsoleTimeout
        with the tail of the output if the timeout passes or QEMU exits.
        """
        regex = re.compile(pattern, re.M) if isinstance(pattern, str) else pattern
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                m = regex.search(self._buf, self._pos)
                if m:
                    self._pos = m.end()
                    return m
                left = deadline - time.monotonic()
                if left <= 0 or self._eof:
                    why = "QEMU exited" if self._eof else "timeout %.0fs" % timeout
                    raise ConsoleTimeout("%s waiting for %r; last output:\n%s"
                                         % (why, regex.pattern, self._buf[-3000:]))
                self._cond.wait(min(left, 1.0))

    def elapsed(self):
        """Seconds since QEMU was started."""
        return time.monotonic() - self.start_time

    # --- input -----------------------------------------------------------
    def send(self, text):
        """Write raw text to the console (QEMU's stdin)."""
        self.proc.stdin.write(text.encode())
        self.proc.stdin.flush()

    def sendline(self, line):
        self.send(line + "\n")

    def run(self, command, timeout=60):
        """Run one shell command; return (exit status, its output).

        Brackets the command with markers that the shell's echo of the
        typed line cannot match (the marker text is split by quotes there),
        so the output is exactly what the command printed, "\r" removed.
        Kernel messages printed meanwhile on the console end up in it too;
        `dmesg -n 1` first if that matters.
        """
        self._seq += 1
        n = self._seq
        self.sendline('echo "@@AXV""B%d@@"; %s; echo "@@AXV""E%d=$?@@"'
                      % (n, command, n))
        self.expect(r"@@AXVB%d@@\r?\n" % n, timeout)
        start = self._pos
        m = self.expect(r"@@AXVE%d=(\d+)@@" % n, timeout)
        with self._cond:
            out = self._buf[start:m.start()]
        return int(m.group(1)), out.replace("\r", "")

    # --- end -------------------------------------------------------------
    def wait_exit(self, timeout):
        """Wait for QEMU to exit; return its exit code (None on timeout)."""
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return None

    def close(self):
        """Kill QEMU (its whole session) if still running; release pipes."""
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.proc.wait()
        self._reader.join(timeout=5)
        for f in (self.proc.stdin, self.proc.stdout):
            try:
                f.close()
            except OSError:
                pass
        if self._log:
            self._log.close()
            self._log = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False
