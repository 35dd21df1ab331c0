"""Expected values for src/dependence tests, from statsmodels/scipy (Debian python3-statsmodels
0.13, python3-scipy 1.10) and independent numpy code. Run: python3 dependence.py > dependence.json"""
import json
import numpy as np
import statsmodels.api as sm
from scipy import stats

rng = np.random.default_rng(20261201)
n = 300
e = rng.standard_t(5, size=n)
x = np.empty(n)
x[0] = e[0]
for t in range(1, n):  # AR(1) with fat tails and a small edge: overlapping-trade-like
    x[t] = 0.45 * x[t - 1] + e[t]
x = 0.1 + x
x = np.round(x, 6)
y = np.round(0.4 * rng.standard_normal(180) + np.convolve(rng.standard_normal(183), np.ones(4) / 2, "valid"), 6)

def hac_var_mean(v, lag):
    res = sm.OLS(v, np.ones(len(v))).fit(cov_type="HAC", cov_kwds={"maxlags": lag, "use_correction": False})
    return float(res.bse[0] ** 2)

def gammas(u, m):
    n = len(u)
    return np.array([np.dot(u[j:], u[: n - j]) / n for j in range(m + 1)])

def nw94_lag(v):
    u = v - v.mean()
    n = len(u)
    nl = int(np.floor(4 * (n / 100) ** (2 / 9)))
    g = gammas(u, nl)
    s0 = g[0] + 2 * g[1:].sum()
    s1 = 2 * (np.arange(1, nl + 1) * g[1:]).sum()
    return int(np.floor(1.1447 * ((s1 / s0) ** 2) ** (1 / 3) * n ** (1 / 3)))

def andrews_bw(v):
    u = v - v.mean()
    rho = np.dot(u[1:], u[:-1]) / np.dot(u[:-1], u[:-1])
    a = 4 * rho**2 / ((1 - rho) ** 2 * (1 + rho) ** 2)
    return float(1.1447 * (a * len(u)) ** (1 / 3))

def lrcov(a, b, bw):
    n = len(a)
    s = np.dot(a, b) / n
    j = 1
    while j < n and j < bw:
        w = 1 - j / bw
        s += w * (np.dot(a[j:], b[: n - j]) + np.dot(b[j:], a[: n - j])) / n
        j += 1
    return float(s)

def psr(v, bw, sr_star, mode):
    n = len(v)
    mu = v.mean()
    u = v - mu
    m2, m3, m4 = (u**2).mean(), (u**3).mean(), (u**4).mean()
    sr = mu / v.std(ddof=1)
    g3, g4 = m3 / m2**1.5, m4 / m2**2
    iid = 1 - g3 * sr + (g4 - 1) / 4 * sr**2
    if mode == "iid":
        d = iid
    elif mode == "mean":
        d = lrcov(u, u, bw) / m2 - g3 * sr + (g4 - 1) / 4 * sr**2
    else:
        w = u**2 - m2
        d = lrcov(u, u, bw) / m2 - sr * lrcov(u, w, bw) / m2**1.5 + sr**2 * lrcov(w, w, bw) / (4 * m2**2)
    return float(stats.norm.cdf((sr - sr_star) * np.sqrt(n - 1) / np.sqrt(d))), float(d)

out = {"x": x.tolist(), "y": y.tolist(), "hacVarianceOfMean": {}, "psr": {}, "welch": {}}
for lag in (0, 1, 3, 10):
    out["hacVarianceOfMean"][str(lag)] = hac_var_mean(x, lag)
L = nw94_lag(x)
out["neweyWest1994Lag"] = L
out["neweyWest1994VarianceOfMean"] = hac_var_mean(x, L)
bw = andrews_bw(x)
out["andrewsBandwidth"] = bw
out["andrewsVarianceOfMean"] = lrcov(x - x.mean(), x - x.mean(), bw) / n
for mode in ("iid", "mean", "joint"):
    for lag in (0, 5):
        p, d = psr(x, lag + 1, 0.02, mode if lag else "iid")
        out["psr"][f"{mode}:{lag}"] = {"psr": p, "denominator": d}
p, d = psr(x, L + 1, 0.02, "joint")
out["psr"]["joint:nw94"] = {"psr": p, "denominator": d}
r = stats.ttest_ind(x, y, equal_var=False)
out["welch"]["scipy"] = {"t": float(r.statistic), "p": float(r.pvalue)}
for lag in (0, 4):
    va = hac_var_mean(x, lag) * n / (n - 1)
    vb = hac_var_mean(y, lag) * len(y) / (len(y) - 1)
    t = (x.mean() - y.mean()) / np.sqrt(va + vb)
    df = (va + vb) ** 2 / (va**2 / (n - 1) + vb**2 / (len(y) - 1))
    out["welch"][str(lag)] = {"t": float(t), "df": float(df), "p": float(2 * stats.t.sf(abs(t), df))}
print(json.dumps(out, indent=1))
