#!/usr/bin/env python3
"""Spread `tda run` over a Ray cluster: one Ray task per contract file of a manifest.

Each task runs `tda run --manifest M --index i --out DIR`, which writes only its partition
DIR/contract=<contract>/ (staged and swapped in whole, so a retried task is safe). When every task
is done, `--analyze A` runs `tda analyze DIR --out A`: the statistics of one run over all the files.

    python driver.py --manifest tasks.txt --out /shared/dataset --analyze /shared/analysis
    python driver.py --local --workers 4 --manifest tasks.txt --out out/dataset   # no Ray: local processes

The manifest, the input files and DIR must be on storage every Ray node sees (a shared file
system); the tda CLI must be installed on every node. See README.md and docs/scale-out.md.
"""
import argparse
import concurrent.futures
import os
import shlex
import subprocess
import sys


def count_tasks(manifest):
    """Tasks of a manifest as tda counts them: lines that are neither blank nor start with '#'."""
    with open(manifest, encoding="utf-8-sig") as f:
        return sum(1 for line in f if line.strip() and not line.strip().startswith("#"))


def run_task(tda, manifest, index, out, extra=()):
    """One task: `tda run --manifest … --index i`. The same function runs as a Ray task or locally."""
    cmd = [*tda, "run", "--manifest", manifest, "--index", str(index), "--out", out, "--quiet", *extra]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"task {index} failed ({done.returncode}): {done.stderr.strip()}")
    return index


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--manifest", required=True, help="tda manifest: one contract file per line")
    p.add_argument("--out", required=True, help="dataset folder: each task writes contract=<contract>/ in it")
    p.add_argument("--tda", default=os.environ.get("TDA", "tda"), help='the tda command (default: $TDA or "tda")')
    p.add_argument("--analyze", metavar="FOLDER", help="after the tasks, tda analyze the dataset into FOLDER")
    p.add_argument("--local", action="store_true", help="run the tasks as local processes instead of Ray tasks")
    p.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="local processes at once (--local)")
    p.add_argument("--address", default=None, help="Ray cluster address (default: $RAY_ADDRESS, or a local Ray)")
    p.add_argument("extra", nargs="*", help="more tda run flags for every task, after --, e.g. -- --entry next-open")
    a = p.parse_args(argv)

    tda = shlex.split(a.tda)
    manifest, out = os.path.abspath(a.manifest), os.path.abspath(a.out)
    n = count_tasks(manifest)
    print(f"{n} task(s) from {a.manifest} → {a.out}", file=sys.stderr)
    if a.local:
        with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, a.workers)) as pool:
            done = list(pool.map(lambda i: run_task(tda, manifest, i, out, a.extra), range(n)))
    else:
        import ray  # only the cluster mode needs Ray

        ray.init(address=a.address)
        # a task is one process on one core; tda's own output swap makes a retry harmless
        remote = ray.remote(num_cpus=1, max_retries=2)(run_task)
        done = ray.get([remote.remote(tda, manifest, i, out, a.extra) for i in range(n)])
    print(f"{len(done)} task(s) done", file=sys.stderr)

    if a.analyze:
        subprocess.run([*tda, "analyze", out, "--out", os.path.abspath(a.analyze), "--quiet"], check=True)
        print(f"analysis of the union → {a.analyze}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
