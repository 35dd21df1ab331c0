#!/usr/bin/python3
"""statsmodels peer of bench/stats.bench.mjs: the same nine fits of the 37k-signal study run
(logit of win, OLS of the eight forward returns; classic and Newey-West errors, Bartlett kernel,
lag h for ret_h and the scan length for win, n/(n-k) correction) with statsmodels, timed, and
compared with the figures @tda/stats gave for the same design matrices.

    node bench/stats.bench.mjs --designs /tmp/tda-designs      # writes the nine designs
    /usr/bin/python3 bench/peers/stats_peer.py /tmp/tda-designs [ts_milliseconds]

Needs numpy and statsmodels (Debian: apt-get install python3-statsmodels; PyPI: pip install
statsmodels). The peer fits only the regressions; the 1,000-draw bootstrap is not part of it.
"""
import json
import os
import sys
import time

import numpy as np
import statsmodels.api as sm


def main():
    folder = sys.argv[1]
    ours_ms = float(sys.argv[2]) if len(sys.argv) > 2 else None
    meta = json.load(open(os.path.join(folder, "designs.json")))
    data = []
    for m in meta:
        a = np.fromfile(os.path.join(folder, m["file"]), dtype="<f8").reshape(m["n"], m["p"] + 1)
        data.append((m, a[:, 0].copy(), np.ascontiguousarray(a[:, 1:])))

    def fit_all():
        out = {}
        for m, y, x in data:
            kw = {"maxlags": int(m["lag"]), "use_correction": True}
            if m["model"] == "ols":
                res = sm.OLS(y, x).fit(cov_type="HAC", cov_kwds=kw)
                classic = np.sqrt(np.diag(res.normalized_cov_params) * res.scale)
            else:
                res = sm.Logit(y, x).fit(method="newton", disp=0, maxiter=100, tol=1e-10, cov_type="HAC", cov_kwds=kw)
                classic = np.sqrt(np.diag(res.normalized_cov_params))
            out[m["id"]] = (res.params, classic, res.bse)
        return out

    fit_all()  # warm-up
    times = []
    for _ in range(3):
        t = time.perf_counter()
        out = fit_all()
        times.append((time.perf_counter() - t) * 1000)
    ms = sorted(times)[1]
    worst = {"coef": 0.0, "classic se": 0.0, "newey-west se": 0.0}
    for m, _, _ in data:
        if not m.get("ours"):
            continue
        params, classic, nw = out[m["id"]]
        for key, a, b in (("coef", params, m["ours"]["coef"]), ("classic se", classic, m["ours"]["classicSe"]), ("newey-west se", nw, m["ours"]["neweyWestSe"])):
            b = np.asarray(b)
            worst[key] = max(worst[key], float(np.max(np.abs(a - b) / np.maximum(np.abs(a), np.abs(b)))))
    print(f"statsmodels {sm.__version__} (numpy {np.__version__}): nine fits, classic + HAC, {data[0][1].size} x {data[0][2].shape[1]} ...")
    print(f"  statsmodels            {ms:9.0f} ms (median of 3)")
    if ours_ms is not None:
        print(f"  @tda/stats             {ours_ms:9.1f} ms   {ms / ours_ms:6.1f}x statsmodels' speed")
    print("  largest relative difference from @tda/stats: " + ", ".join(f"{k} {v:.1e}" for k, v in worst.items()))


if __name__ == "__main__":
    main()
