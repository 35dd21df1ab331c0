#!/usr/bin/python3
"""End-to-end peer of `tda run` (bench/e2e.bench.mjs): the seed's stack -- pandas/numpy for the bar
metrics, signals, levels and outcomes, statsmodels for the nine regressions with Newey-West errors --
doing the stages of SPEC.md on Sierra Chart 5-minute bar exports (one contract per file), timed
stage by stage.

    /usr/bin/python3 bench/peers/pipeline_peer.py data/es-5m/*.txt        # prints one JSON line

Needs numpy, pandas and statsmodels (Debian: apt-get install python3-statsmodels python3-pandas
python3-scipy; PyPI: pip install statsmodels pandas).

What it does, per SPEC.md (a plain 5-minute export has no footprint rows and no max/min delta, so
exhaustion, strong inversions and trapped_pct cannot fire, as in `tda run` on the same files):
  read      pandas.read_csv, exchange time as written (chart time), prices to integer ticks
  sessions  SPEC 1: a session starts at the first RTH bar [08:30, 15:15) of a later date; leading bars
            form the partial session of the latest weekday D with D 08:30 <= the first bar
  metrics   delta_pct, vol_star (50 bars of the contract), close_location
  signals   inversions (long: D < 0 and close > open; short: D > 0 and close < open)
  levels    TPO profile per session (30-minute periods of RTH bars), POC, Dalton's 70% value area,
            shape, composite value areas merged online, the levels known at each session's start
            (composites of >= 2 sessions among the 60 before, prior VAH/VAL/POC), the nearest level of
            each directional signal and the 12-tick rule
  outcomes  SPEC 7 over t+1..t+100 in the session: stop first, MFE/MAE, win (25 ticks), forward
            returns at 5..100 bars, bracket result
  stats     logit of win and OLS of the eight forward returns on the features and their pairwise
            interactions (continuous features centred), classic and Newey-West (Bartlett, lag h, the
            scan length for win, n/(n-k) correction) standard errors
  tables    group table over direction x near-level (no scenario dimension), Wilson, exact binomial,
            2,000-draw session block bootstrap per group, BH q-values
  inference percentile threshold search (4 features, >=/<=) on the first 70% of sessions, test-set
            result, 1,000-draw stationary bootstrap reality check (not yet SPA re-estimation/StepM)
  report    with --out DIR: signals.csv (directional rows only) and sessions.csv
Still not done (its time stays a lower bound of the same work): SPEC 6 scenarios, SPA with
re-estimated benchmark, StepM, PBO, k-fold walk-forward, Parquet/Arrow (no pyarrow in Debian here),
the Markdown/HTML report.
"""
import json
import sys
import time

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import stats as sst
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportion_confint

TICK = 0.25
RTH_START, RTH_END = 8 * 60 + 30, 15 * 60 + 15
VOL_WINDOW = 50
HORIZONS = [5, 10, 20, 30, 40, 50, 75, 100]
MAX_H = 100
TARGET = 25
NEAR = 12
LOOKBACK = 60
OUT = None


def read(path):
    df = pd.read_csv(path, skipinitialspace=True)
    df.columns = [c.strip() for c in df.columns]
    t = pd.to_datetime(df["Date"] + " " + df["Time"], format="%Y/%m/%d %H:%M:%S")
    out = pd.DataFrame({
        "time": t,
        "open": np.rint(df["Open"].to_numpy() / TICK).astype(np.int64),
        "high": np.rint(df["High"].to_numpy() / TICK).astype(np.int64),
        "low": np.rint(df["Low"].to_numpy() / TICK).astype(np.int64),
        "close": np.rint(df["Last"].to_numpy() / TICK).astype(np.int64),
        "volume": df["Volume"].to_numpy(np.float64),
        "delta": (df["AskVolume"] - df["BidVolume"]).to_numpy(np.float64),
    })
    out["contract"] = path.split("/")[-1].split(".")[0]
    return out


def sessions(df):
    tod = df["time"].dt.hour * 60 + df["time"].dt.minute
    rth = (tod >= RTH_START) & (tod < RTH_END)
    day = df["time"].dt.normalize()
    named = day.where(rth).groupby(df["contract"]).ffill()
    lead = named.isna()
    if lead.any():
        for c in df.loc[lead, "contract"].unique():
            first = df.loc[df["contract"] == c, "time"].iloc[0]
            d = first.normalize() - pd.Timedelta(days=0 if first.hour * 60 + first.minute >= RTH_START else 1)
            while d.weekday() >= 5:
                d -= pd.Timedelta(days=1)
            named[lead & (df["contract"] == c)] = d
    df["session"] = named.dt.strftime("%Y-%m-%d")
    df["rth"] = rth.to_numpy()
    df["period"] = ((tod - RTH_START) // 30).where(rth, -1).to_numpy()
    key = df["contract"] + "|" + df["session"]
    df["sid"] = pd.factorize(key)[0]


def metrics_and_signals(df):
    v, d = df["volume"].to_numpy(), df["delta"].to_numpy()
    df["delta_pct"] = np.where(v == 0, 0.0, d / np.where(v == 0, 1, v))
    df["vol_star"] = v / df.groupby("contract")["volume"].transform(lambda s: s.rolling(VOL_WINDOW, min_periods=VOL_WINDOW).mean()).to_numpy()
    hl = (df["high"] - df["low"]).to_numpy()
    df["close_location"] = np.where(hl == 0, 0.5, (df["close"] - df["low"]).to_numpy() / np.where(hl == 0, 1, hl))
    up, down = df["close"] > df["open"], df["close"] < df["open"]
    inv_long = (df["delta"] < 0) & up
    inv_short = (df["delta"] > 0) & down
    df["direction"] = np.select([inv_long & inv_short, inv_long, inv_short], ["conflict", "long", "short"], "none")


def profile(bars):
    """TPO counts per row of one session's RTH bars: (low row, counts)."""
    g = bars.groupby("period").agg(lo=("low", "min"), hi=("high", "max"))
    lo, hi = int(g["lo"].min()), int(g["hi"].max())
    diff = np.zeros(hi - lo + 2, np.int64)
    np.add.at(diff, g["lo"].to_numpy() - lo, 1)
    np.add.at(diff, g["hi"].to_numpy() - lo + 1, -1)
    return lo, np.cumsum(diff)[:-1]


def value_area(lo, counts):
    hi = lo + len(counts) - 1
    mid = (hi + lo) / 2
    rows = np.arange(lo, hi + 1)
    top = counts.max()
    cand = rows[counts == top]
    poc = int(cand[np.lexsort((cand, np.abs(cand - mid)))][0])
    total = counts.sum()
    a = b = poc - lo
    area = counts[a]
    while 100 * area < 70 * total:
        up = counts[b + 1:b + 3]
        dn = counts[max(0, a - 2):a][::-1]
        if len(up) == 0 and len(dn) == 0:
            break
        if len(dn) == 0 or (len(up) and up.sum() >= dn.sum()):
            b += len(up)
            area += up.sum()
        else:
            a -= len(dn)
            area += dn.sum()
    vah, val = lo + b, lo + a
    x = (poc - lo) / (hi - lo) if hi > lo else 0.5
    if hi == lo:
        shape = "D"
    elif (vah - val) / (hi - lo) < 0.30:
        shape = "thin"
    else:
        shape = "P" if x > 0.65 else "b" if x < 0.35 else "D"
    return poc, vah, val, shape


def levels(df):
    """Per session id: array of known levels (price, strength, recency, kind order) at its start."""
    known = {}
    for c, cdf in df.groupby("contract", sort=False):
        comps = []  # dicts: lo, counts, sessions, last (index of last session), va
        prior = None
        sids = cdf["sid"].unique()
        rth = cdf[cdf["rth"]]
        by_sid = dict(tuple(rth.groupby("sid")))
        for k, sid in enumerate(sids):
            lv = []
            for cp in comps:
                if cp["n"] >= 2 and k - cp["last"] <= LOOKBACK:
                    poc, vah, val, shape = cp["va"]
                    st = cp["n"] * (1.5 if shape == "D" else 1)
                    lv += [(vah, st, cp["last"], 0), (val, st, cp["last"], 1), (poc, st, cp["last"], 2)]
            if prior is not None:
                poc, vah, val, _ = prior[1]
                lv += [(vah, 1, prior[0], 3), (val, 1, prior[0], 4), (poc, 1, prior[0], 5)]
            known[sid] = np.array(lv, np.float64).reshape(-1, 4)
            bars = by_sid.get(sid)
            if bars is None:
                continue
            lo, counts = profile(bars)
            va = value_area(lo, counts)
            prior = (k, va)
            open_ = comps[-1] if comps else None
            if open_ is not None:
                ovah, oval = open_["va"][1], open_["va"][2]
                shared = max(0, min(ovah, va[1]) - max(oval, va[2]) + 1)
                if 2 * shared >= min(ovah - oval + 1, va[1] - va[2] + 1):
                    nlo = min(open_["lo"], lo)
                    nhi = max(open_["lo"] + len(open_["counts"]), lo + len(counts))
                    merged = np.zeros(nhi - nlo, np.int64)
                    merged[open_["lo"] - nlo:open_["lo"] - nlo + len(open_["counts"])] += open_["counts"]
                    merged[lo - nlo:lo - nlo + len(counts)] += counts
                    open_.update(lo=nlo, counts=merged, n=open_["n"] + 1, last=k, va=value_area(nlo, merged))
                    continue
            comps.append({"lo": lo, "counts": counts, "n": 1, "last": k, "va": va})
    return known


def proximity(df, known):
    dirs = df["direction"].to_numpy()
    idx = np.flatnonzero((dirs == "long") | (dirs == "short"))
    entry = df["close"].to_numpy()[idx]
    sid = df["sid"].to_numpy()[idx]
    dist = np.full(len(idx), np.nan)
    for s in np.unique(sid):
        lv = known.get(s)
        if lv is None or len(lv) == 0:
            continue
        m = np.flatnonzero(sid == s)
        d = lv[None, :, 0] - entry[m, None]
        # nearest; ties: stronger, higher price, more recent, kind order
        order = np.lexsort((lv[:, 3], -lv[:, 2], -lv[:, 0], -lv[:, 1]))
        ad = np.abs(d[:, order])
        dist[m] = d[np.arange(len(m))[:, None], order[np.argmin(ad, axis=1)][:, None]][:, 0]
    near = np.where(np.isnan(dist), 0.0, (np.abs(dist) <= NEAR).astype(np.float64))
    return idx, dist, near


def outcomes(df, idx):
    n = len(df)
    hi, lo, cl = (df[c].to_numpy() for c in ("high", "low", "close"))
    sid = df["sid"].to_numpy()
    d = np.where(df["direction"].to_numpy()[idx] == "long", 1, -1)
    entry = cl[idx]
    stop = np.where(d == 1, lo[idx] - 1, hi[idx] + 1)
    stop_ticks = d * (entry - stop)
    j = idx[:, None] + np.arange(1, MAX_H + 1)[None, :]
    jc = np.minimum(j, n - 1)
    valid = (j < n) & (sid[jc] == sid[idx][:, None])
    hit = valid & np.where(d[:, None] == 1, lo[jc] <= stop[:, None], hi[jc] >= stop[:, None])
    stop_at = np.where(hit.any(1), hit.argmax(1), MAX_H)  # 0-based offset of the stopping bar
    before = valid & (np.arange(MAX_H)[None, :] < stop_at[:, None])
    fav = np.where(before, np.where(d[:, None] == 1, hi[jc] - entry[:, None], entry[:, None] - lo[jc]), 0)
    adv = np.where(before, np.where(d[:, None] == 1, entry[:, None] - lo[jc], hi[jc] - entry[:, None]), 0)
    mfe = np.maximum(fav.max(1), 0)
    stopped = hit.any(1)
    mae = np.where(stopped, stop_ticks, np.maximum(adv.max(1), 0))
    has = valid[:, 0]
    win = np.where(has, (mfe >= TARGET).astype(np.float64), np.nan)
    out = {"win": win, "mfe": np.where(has, mfe, np.nan), "mae": np.where(has, mae, np.nan)}
    for h in HORIZONS:
        ok = valid[:, h - 1]
        r = np.where(stopped & (stop_at <= h - 1), -stop_ticks, np.where(ok, d * (cl[jc[:, h - 1]] - entry), np.nan))
        out[f"ret_{h}"] = np.where(has & (ok | (stopped & (stop_at <= h - 1))), r, np.nan)
    last = np.where(valid.any(1), valid.sum(1) - 1, 0)
    bracket = np.where(win == 1, TARGET, np.where(stopped, -stop_ticks, d * (cl[jc[np.arange(len(idx)), last]] - entry)))
    out["bracket"] = np.where(has, bracket, np.nan)
    return out


def regressions(df, idx, near, out):
    feats = {
        "is_long": (df["direction"].to_numpy()[idx] == "long").astype(np.float64),
        "near_level": near,
        "vol_star": df["vol_star"].to_numpy()[idx],
        "abs_delta_pct": np.abs(df["delta_pct"].to_numpy()[idx]),
        "close_location": df["close_location"].to_numpy()[idx],
    }
    continuous = {"vol_star", "abs_delta_pct", "close_location"}
    fits = {}
    for resp, model, lag in [("win", "logit", MAX_H)] + [(f"ret_{h}", "ols", h) for h in HORIZONS]:
        y = out[resp]
        ok = ~np.isnan(y)
        for v in feats.values():
            ok &= ~np.isnan(v)
        used = [f for f, v in feats.items() if np.unique(v[ok]).size > 1]
        cols = {f: feats[f][ok] - (feats[f][ok].mean() if f in continuous else 0) for f in used}
        names = list(used)
        for a in range(len(used)):
            for b in range(a + 1, len(used)):
                cols[f"{used[a]}:{used[b]}"] = cols[used[a]] * cols[used[b]]
                names.append(f"{used[a]}:{used[b]}")
        x = np.column_stack([np.ones(ok.sum())] + [cols[c] for c in names])
        kw = {"maxlags": lag, "use_correction": True}
        if model == "ols":
            res = sm.OLS(y[ok], x).fit(cov_type="HAC", cov_kwds=kw)
            classic = np.sqrt(np.diag(res.normalized_cov_params) * res.scale)
        else:
            res = sm.Logit(y[ok], x).fit(method="newton", disp=0, maxiter=100, tol=1e-10, cov_type="HAC", cov_kwds=kw)
            classic = np.sqrt(np.diag(res.normalized_cov_params))
        fits[f"{model}:{resp}"] = {"n": int(ok.sum()), "terms": x.shape[1], "coef0": float(res.params[0]), "classicSe0": float(classic[0]), "hacSe0": float(res.bse[0])}
    return fits


def tables(df, idx, near, out, rng, draws=2000, min_n=30):
    """Group table over direction x near-level (the peer has no scenarios, and a 5-minute export only
    standard inversions): n, Wilson interval, exact binomial test against the base rate, mean return per
    horizon, stop rate, expectancy, profit factor, and a session block bootstrap (whole sessions
    resampled, `draws` draws, percentile intervals) of win rate, expectancy and profit factor."""
    win, br = out["win"], out["bracket"]
    has = ~np.isnan(win)
    base = float(np.nanmean(win))
    sid = df["sid"].to_numpy()[idx]
    dirs = df["direction"].to_numpy()[idx]
    keys = pd.DataFrame({"direction": dirs, "near": near, "sid": sid})
    rows = []
    for (d, nr), g in keys[has].groupby(["direction", "near"]):
        m = g.index.to_numpy()
        n = len(m)
        if n < min_n:
            continue
        w = int(win[m].sum())
        lo, hi = proportion_confint(w, n, alpha=0.05, method="wilson")
        p = sst.binomtest(w, n, base).pvalue
        b = br[m]
        gains, losses = b[b > 0].sum(), -b[b < 0].sum()
        # session block bootstrap: per-session sums, resample sessions with replacement
        us, inv = np.unique(sid[m], return_inverse=True)
        cnt = np.bincount(inv)
        ws = np.bincount(inv, win[m])
        bs = np.bincount(inv, b)
        gs = np.bincount(inv, np.where(b > 0, b, 0))
        ls = np.bincount(inv, np.where(b < 0, -b, 0))
        stats_ = np.empty((draws, 3))
        for k in range(draws):
            pick = rng.integers(0, len(us), len(us))
            c = cnt[pick].sum()
            stats_[k] = (ws[pick].sum() / c, bs[pick].sum() / c, gs[pick].sum() / max(ls[pick].sum(), 1e-300))
        ci = np.percentile(stats_, [2.5, 97.5], axis=0)
        rows.append({"direction": d, "near": int(nr), "n": n, "wins": w, "winRate": w / n, "wilson": (lo, hi), "binomialP": p,
                     "returns": [float(np.nanmean(out[f"ret_{h}"][m])) for h in HORIZONS], "stopRate": float(np.mean(out["mae"][m] > 0)),
                     "expectancy": float(b.mean()), "profitFactor": float(gains / losses) if losses else float("inf"), "bootCi": ci.tolist()})
    return base, rows


def thresholds(df, idx, dist, out, rng, draws=1000, block=100, min_n=30, train=0.7):
    """Percentile threshold search (5..95 step 5, >= and <=) on the earlier 70% of sessions, the chosen
    rule's test-set performance, and a White reality check / SPA-style p-value by stationary bootstrap
    (mean block length `block`) of the rules' excess bracket returns over the training trades."""
    sid = df["sid"].to_numpy()[idx]
    b = out["bracket"]
    has = ~np.isnan(b)
    feats = {"volStar": df["vol_star"].to_numpy()[idx], "absDeltaPct": np.abs(df["delta_pct"].to_numpy()[idx]),
             "closeLocation": df["close_location"].to_numpy()[idx], "levelDistance": np.abs(dist)}
    cut = np.unique(sid)[int(np.floor(train * np.unique(sid).size))]
    tr, te = has & (sid < cut), has & (sid >= cut)
    masks, names = [], []
    for f, v in feats.items():
        qs = np.nanpercentile(v[tr], np.arange(5, 100, 5))
        for q, x in zip(range(5, 100, 5), qs):
            for op, m in ((">=", v >= x), ("<=", v <= x)):
                if (m & tr).sum() >= min_n:
                    masks.append(m)
                    names.append((f, op, q, float(x)))
    y = b[tr]
    M = np.array([m[tr] for m in masks], np.float64)  # rules x trades
    ntr = len(y)
    perf = (M * y).sum(1) / ntr - y.mean()  # excess per trade over trading every signal
    best = int(np.argmax(perf))
    # stationary bootstrap indices (Politis-Romano), vectorised per draw
    sims = np.empty(draws)
    dev = M * y - y.mean()
    dev = dev - dev.mean(1, keepdims=True)
    for k in range(draws):
        start = rng.random(ntr) < 1.0 / block
        start[0] = True
        pos = np.arange(ntr)
        first = np.maximum.accumulate(np.where(start, pos, 0))
        origin = rng.integers(0, ntr, ntr)[first]
        ix = (origin + pos - first) % ntr
        sims[k] = dev[:, ix].mean(1).max()
    p_rc = float(np.mean(sims >= perf[best]))
    mb = masks[best]
    return {"rules": len(masks), "best": names[best], "trainExcess": float(perf[best]), "trainN": int((mb & tr).sum()),
            "testN": int((mb & te).sum()), "testMean": float(np.nanmean(b[mb & te])) if (mb & te).any() else None, "realityCheckP": p_rc}


def write_outputs(df, idx, dist, near, out, folder):
    import os
    os.makedirs(folder, exist_ok=True)
    sig = df.loc[idx, ["time", "session", "open", "high", "low", "close", "volume", "delta", "delta_pct", "vol_star", "close_location", "direction", "contract"]].copy()
    for c in ("open", "high", "low", "close"):
        sig[c] = sig[c] * TICK
    sig["level_distance"] = dist
    sig["near_level"] = near.astype(int)
    for k, v in out.items():
        sig[k] = v
    sig["time"] = sig["time"].dt.strftime("%Y-%m-%dT%H:%M:%S.000")
    sig.to_csv(os.path.join(folder, "signals.csv"), index=False, float_format="%.17g")
    df.groupby("sid").agg(contract=("contract", "first"), session=("session", "first"), bars=("close", "size"),
                          high=("high", "max"), low=("low", "min")).to_csv(os.path.join(folder, "sessions.csv"))


def main():
    global OUT
    args = sys.argv[1:]
    if args and args[0] == "--out":
        OUT, args = args[1], args[2:]
    paths = args
    ms = {}
    t = time.perf_counter()

    def lap(stage):
        nonlocal t
        now = time.perf_counter()
        ms[stage] = round((now - t) * 1000, 1)
        t = now

    frames = [read(p) for p in paths]
    frames.sort(key=lambda f: f["time"].iloc[0])
    df = pd.concat(frames, ignore_index=True)
    lap("read")
    sessions(df)
    lap("sessions")
    metrics_and_signals(df)
    lap("signals")
    known = levels(df)
    idx, dist, near = proximity(df, known)
    lap("levels")
    out = outcomes(df, idx)
    lap("outcomes")
    fits = regressions(df, idx, near, out)
    lap("statistics")
    rng = np.random.default_rng(1)
    base, groups = tables(df, idx, near, out, rng)
    qv = multipletests([g["binomialP"] for g in groups], method="fdr_bh")[1]
    lap("tables")
    th = thresholds(df, idx, dist, out, rng)
    lap("inference")
    if OUT:
        write_outputs(df, idx, dist, near, out, OUT)
    lap("report")
    print(json.dumps({
        "stagesMs": ms, "totalMs": round(sum(ms.values()), 1), "bars": len(df), "sessions": int(df["sid"].nunique()),
        "directional": int(len(idx)), "nearLevel": int(near.sum()), "wins": int(np.nansum(out["win"])), "fits": fits, "baseWinRate": base,
        "groups": [{"direction": g["direction"], "near": g["near"], "n": g["n"], "wins": g["wins"]} for g in groups],
        "minQ": float(min(qv)) if len(qv) else None, "thresholds": th,
        "versions": {"pandas": pd.__version__, "numpy": np.__version__, "statsmodels": sm.__version__},
    }))


if __name__ == "__main__":
    main()
