"""Prints the timing table of the last N video.completed events of one width and frame count read from stdin.

Usage: bench_table.py [N] [WIDTH] [FRAMES]   (defaults 5, 64, 17)
"""
import json
import statistics
import sys
from datetime import datetime

STAGES = ["encode", "denoise", "decode", "store"]


def instant(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def main(n, width, frames):
    events = [json.loads(line) for line in sys.stdin if line.startswith("{")]
    events = [e for e in events if e.get("acceptedAt") and e["width"] == width and e["frames"] == frames]
    # The topic's partitions interleave earlier runs' events with this one's: the last N accepted are this run.
    events = sorted(events, key=lambda e: instant(e["acceptedAt"]))[-n:]
    if not events:
        sys.exit("no video.completed events with acceptedAt found")
    rows = []
    for e in events:
        total = (instant(e["completedAt"]) - instant(e["acceptedAt"])).total_seconds() * 1000
        stages = [e["stageMillis"].get(s, 0) for s in STAGES]
        rows.append([total] + stages + [total - sum(stages)])
    print(f"{'job':30} {'total ms':>9} " + " ".join(f"{s:>9}" for s in STAGES) + f" {'other':>9}")
    for e, r in zip(events, rows):
        print(f"{e['jobId']:30} " + " ".join(f"{v:9.0f}" for v in r))
    med = [statistics.median(col) for col in zip(*rows)]
    print(f"{'median':30} " + " ".join(f"{v:9.0f}" for v in med))
    print(f"{'share of median total':30} {'':9} " + " ".join(f"{100 * v / med[0]:8.1f}%" for v in med[1:]))


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:]]
    main(*(args + [5, 64, 17][len(args):]))
