"""Search words with punctuation in them, in-process: before and after the pairs.

    python -m benchmarks.bench_punctuation [--sizes 300000] [--runs 3]

A word such as ``@gm``, ``a.`` or ``gmail.c`` is answered from where punctuation
meets the tokens (:mod:`netui.core.search_pairs`) once the pairs are built, and
checked against the text before that (the app's first such word at 300,000
contacts, and every word of a command that answers one query). This times
:meth:`netui.core.search.SearchIndex.match` for each word both ways on the cached
network's index (each time with the caches of words checked before emptied), the
pairs' build itself, and their bytes as the file keeps them (made, and read back as
a later run does). Run it with another checkout's interpreter (``python -m``
from there) for the figures of a build without pairs: it then prints the first
column only. Nothing here asserts.
"""

from __future__ import annotations

import argparse
import shlex
import sqlite3
import sys
import time
from collections.abc import Sequence

from benchmarks.bench import CACHE, SEED, ensure_network, print_preamble
from netui.core.search import SearchIndex

#: The words timed: one byte, a run at an edge, a run inside, several runs.
WORDS = (
    "@", "@gm", "a.", "c++", "-", "o'", "anna.", "anna.s", "a.s", "@gmail.", "gmail.c",
    ".com",
)  # fmt: skip


def best_of(index: SearchIndex, word: str, runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        index._checked.clear()  # no word checked before: as its first time
        punctuated = getattr(index, "_punctuated", None)
        if punctuated is not None:
            punctuated.clear()
        started = time.perf_counter()
        index.match(word)
        best = min(best, time.perf_counter() - started)
    return best


def stored_pairs(pairs: object, runs: int) -> None:
    """How long the pairs take to be made into bytes and read back (a checkout
    without :mod:`netui.core.search_pairs_snapshot` prints nothing)."""
    try:
        from netui.core import search_pairs_snapshot
    except ImportError:
        return
    from netui.core.search_pairs import PunctuationPairs

    assert isinstance(pairs, PunctuationPairs)
    started = time.perf_counter()
    data = search_pairs_snapshot.dump(pairs)
    made = time.perf_counter() - started
    read = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        assert search_pairs_snapshot.load(data, pairs.size) is not None
        read = min(read, time.perf_counter() - started)
    print(
        f"  stored: {len(data) / 1e6:.1f} MB, made in {made * 1000:.0f} ms,"
        f" read back in {read * 1000:.0f} ms (best of {runs})"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="300000", help="contact counts")
    parser.add_argument("--runs", type=int, default=3, help="tries of each word (the best)")
    args = parser.parse_args(argv)
    print_preamble("Search words with punctuation, in-process")
    for size in (int(size) for size in args.sizes.split(",")):
        network = ensure_network(size, SEED, CACHE)
        with sqlite3.connect(network) as connection:
            texts = [
                row[0].encode() for row in connection.execute("SELECT search_text FROM contact")
            ]
        index = SearchIndex.of(range(len(texts)), texts)
        del texts
        index.warm()
        before = {word: best_of(index, word, args.runs) for word in WORDS}
        after: dict[str, float] = {}
        if hasattr(index, "punctuation_pairs"):
            started = time.perf_counter()
            pairs = index.punctuation_pairs()
            print(f"\n{size:,} contacts: pairs built in {time.perf_counter() - started:.2f} s")
            stored_pairs(pairs, args.runs)
            after = {word: best_of(index, word, args.runs) for word in WORDS}
        print(f"\n{size:,} contacts (best of {args.runs}, ms)")
        print(f"  {'word':<10}{'from the text':>16}{'from the pairs':>16}")
        for word in WORDS:
            pairs = f"{after[word] * 1000:.1f}" if word in after else "-"
            print(f"  {word:<10}{before[word] * 1000:>16.1f}{pairs:>16}")
    print("\nrerun: python -m benchmarks.bench_punctuation " + shlex.join(sys.argv[1:] or []))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
