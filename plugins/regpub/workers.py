"""Worker processes that end with the build that started them.

A pool's worker waits on a queue whose pipe it holds both ends of, so a build killed with
SIGKILL (or the machine's OOM killer) would leave it waiting forever. Each worker watches its
parent instead and exits when the parent is gone.
"""
from __future__ import annotations

import os
import threading
import time


def exit_with_parent(parent: int) -> None:
    """A pool initializer: `initargs=(os.getpid(),)`."""
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()
