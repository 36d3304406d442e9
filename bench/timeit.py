#!/usr/bin/env python3
"""Runs a command REPS times with stdout to /dev/null and prints the best CPU
(user+sys of the child, from getrusage: microsecond resolution, unlike
/usr/bin/time's 10 ms) and the best wall-clock time, in seconds:

    timeit.py REPS ERRFILE -- CMD ARGS...   ->   "<best_cpu> <best_wall>"

Exits with the command's status if any run fails (stderr kept in ERRFILE).
"""
import resource
import subprocess
import sys
import time


def main():
    if len(sys.argv) < 5 or sys.argv[3] != "--":
        print("usage: timeit.py REPS ERRFILE -- CMD...", file=sys.stderr)
        return 2
    reps, errfile, cmd = int(sys.argv[1]), sys.argv[2], sys.argv[4:]
    best_cpu = best_wall = None
    for _ in range(max(1, reps)):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        with open(errfile, "wb") as err:
            rc = subprocess.call(cmd, stdout=subprocess.DEVNULL, stderr=err)
        wall = time.perf_counter() - t0
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if rc != 0:
            return rc if rc > 0 else 128 - rc
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        best_cpu = cpu if best_cpu is None else min(best_cpu, cpu)
        best_wall = wall if best_wall is None else min(best_wall, wall)
    print("%.6f %.6f" % (best_cpu, best_wall))
    return 0


if __name__ == "__main__":
    sys.exit(main())
