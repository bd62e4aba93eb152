"""After a read of the whole network in a worker thread, the memory it freed goes
back to the system (``netui.heap.give_back_freed``): measured in a process of its
own, whose thread leaves a heap full of holes, as a read's rows and page cache do."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from netui import heap

PROBE = textwrap.dedent(
    """
    import threading
    from netui import heap

    def resident_mib():
        with open("/proc/self/status") as status:
            line = next(line for line in status if line.startswith("VmRSS"))
        return int(line.split()[1]) / 1024

    kept = []

    def read_everyone():
        chunks = [bytes(4000) for _ in range(16_000)]  # 64 MB from the C allocator
        kept.extend(chunks[::16])  # a few live on: the heap cannot just shrink

    thread = threading.Thread(target=read_everyone)
    thread.start()
    thread.join()
    before = resident_mib()
    heap.give_back_freed()  # not netui's own process: nothing
    not_ours = resident_mib()
    with heap.in_charge():
        heap.give_back_freed()
    print(before, not_ours, resident_mib())
    """
)


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or heap._malloc_trim() is None,
    reason="glibc's malloc_trim, Linux's /proc",
)
def test_what_a_thread_freed_goes_back_to_the_system_in_netui_s_own_process():
    done = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, timeout=60
    )
    before, not_ours, after = map(float, done.stdout.split())
    assert not_ours > before - 8  # another program's process is left as it was
    assert after < before - 40, (before, not_ours, after)  # most of the 60 MB freed
