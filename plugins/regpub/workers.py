"""Worker processes that end with the build that started them.

A pool's worker waits on a queue whose pipe it holds both ends of, so a build killed with
SIGKILL (or the machine's OOM killer) would leave it waiting forever. Each worker watches its
parent instead and exits when the parent is gone.
"""
from __future__ import annotations

import os
import signal
import threading
import time


def exit_with_parent(parent: int) -> None:
    """A pool initializer: `initargs=(os.getpid(),)`."""
    # Ctrl-C reaches every process of the terminal's group: the build stops its pools itself,
    # so a worker ignores it rather than print a traceback of whatever it was rendering. A
    # forked worker also drops the build's SIGTERM handler (build.py) for the default.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()
