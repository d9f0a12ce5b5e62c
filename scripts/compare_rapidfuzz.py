#!/usr/bin/env python3
"""Side-by-side: factbot's fuzzy name lookup against rapidfuzz, on the same names and queries.

Runs `cargo run --release --example typo_bench` (which generates 100,000 names and a seeded
set of typo queries, measures factbot and computes the Damerau-Levenshtein ceiling), then
times rapidfuzz's `process.extractOne` over the same names with its default scorer (WRatio)
and with QRatio, and prints one table.

Requires rapidfuzz (`pip install rapidfuzz`); pass --install to have the script install it.
Not part of `cargo test` or CI.

    python3 scripts/compare_rapidfuzz.py [--install] [--names 100000] [--queries 500]
"""

import argparse
import json
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def need_rapidfuzz(install):
    try:
        import rapidfuzz  # noqa: F401
    except ImportError:
        if not install:
            sys.exit("rapidfuzz is required: pip install rapidfuzz (or run with --install)")
        subprocess.check_call([sys.executable, "-m", "pip", "install", "--quiet", "rapidfuzz"])
    import rapidfuzz

    return rapidfuzz


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--install", action="store_true", help="pip install rapidfuzz if missing")
    ap.add_argument("--names", type=int, default=100_000)
    ap.add_argument("--queries", type=int, default=500, help="queries per edit count (1 and 2)")
    ap.add_argument("--out", default=os.path.join(ROOT, "target", "typo_bench"))
    args = ap.parse_args()

    rapidfuzz = need_rapidfuzz(args.install)
    from rapidfuzz import fuzz, process, utils

    subprocess.check_call(
        ["cargo", "run", "--quiet", "--release", "--example", "typo_bench", "--",
         args.out, str(args.names), str(args.queries)],
        cwd=ROOT,
    )
    with open(os.path.join(args.out, "factbot.json")) as f:
        factbot = json.load(f)
    with open(os.path.join(args.out, "names.txt")) as f:
        names = [line.rstrip("\n") for line in f]
    queries = []
    with open(os.path.join(args.out, "queries.tsv")) as f:
        for line in f:
            q, target, edits = line.rstrip("\n").split("\t")
            queries.append((q, int(target), int(edits)))

    # Both sides normalize once up front: factbot folds names into its index, rapidfuzz gets
    # the names preprocessed (lowercase, punctuation stripped) and the query preprocessed.
    choices = [utils.default_process(n) for n in names]
    rows = []
    for label, scorer in [("rapidfuzz extractOne WRatio (default)", fuzz.WRatio),
                          ("rapidfuzz extractOne QRatio", fuzz.QRatio)]:
        correct = {1: 0, 2: 0}
        total = {1: 0, 2: 0}
        start = time.perf_counter()
        for q, target, edits in queries:
            best = process.extractOne(utils.default_process(q), choices, scorer=scorer, processor=None)
            total[edits] += 1
            if best is not None and best[2] == target:
                correct[edits] += 1
        secs = time.perf_counter() - start
        rows.append((label, len(queries) / secs, sum(correct.values()) / len(queries),
                     correct[1] / total[1], correct[2] / total[2]))

    print()
    print(f"{len(names)} names, {len(queries)} queries ({args.queries} with 1 edit, {args.queries} with 2), "
          f"rapidfuzz {rapidfuzz.__version__}, {os.cpu_count()} CPUs")
    print(f"{'matcher':<40} {'queries/s':>12} {'top-1':>8} {'1 edit':>8} {'2 edits':>8}")
    print(f"{'factbot NameIndex::lookup':<40} {factbot['qps']:>12.1f} {100 * factbot['top1']:>7.1f}% "
          f"{100 * factbot['top1_1edit']:>7.1f}% {100 * factbot['top1_2edits']:>7.1f}%")
    for label, qps, acc, a1, a2 in rows:
        print(f"{label:<40} {qps:>12.1f} {100 * acc:>7.1f}% {100 * a1:>7.1f}% {100 * a2:>7.1f}%")
    print(f"{'ceiling (least Damerau-Levenshtein)':<40} {'':>12} {100 * factbot['ceiling']:>7.1f}% "
          f"{100 * factbot['ceiling_1edit']:>7.1f}% {100 * factbot['ceiling_2edits']:>7.1f}%")
    qratio = rows[1][1]
    print(f"\nfactbot / QRatio speed: {factbot['qps'] / qratio:.1f}x (target >= 9x); "
          f"factbot top-1 is {100 * (factbot['ceiling'] - factbot['top1']):.1f} points below the ceiling "
          f"(target <= 2)")


if __name__ == "__main__":
    main()
