"""Draw an LLM-ops dashboard's main charts from an `agentmock dump`, one PNG each.

Run through scripts/charts.sh, which provides matplotlib in a virtual
environment under target/:

    scripts/charts.sh DUMP.json OUTDIR [--time-zone America/New_York]

Daily rows are UTC days and their `hourly` / `hourlyFailed` arrays UTC
hours; charts by hour or by calendar day shift them into the workspace's
home zone on its standard time, as docs/dataset.md judges business hours,
weekends and holidays (the dump does not carry the zone: pass the one the
dump was made with). Charts of per-row figures (latency, cost) stay on UTC
days, as the API serves them.
"""

import argparse
import collections
import datetime as dt
import json
import math
import os
import sys
from zoneinfo import ZoneInfo

import matplotlib

matplotlib.use("Agg")
import matplotlib.dates as mdates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import matplotlib.ticker  # noqa: E402
import numpy as np  # noqa: E402

CUSTOMER_FACING = {"CUSTOMER_SUPPORT", "SALES_ASSISTANT", "LEAD_QUALIFICATION"}
ERROR_TYPES = ["RATE_LIMITED", "MODEL_ERROR", "TIMEOUT", "TOOL_ERROR", "CONTEXT_LENGTH_EXCEEDED", "CONTENT_FILTERED"]
SENTIMENTS = ["POSITIVE", "NEUTRAL", "NEGATIVE"]
MODEL_COLORS = {"gpt-4o": "#4c72b0", "gpt-4o-mini": "#55a868", "gpt-3.5-turbo": "#dd8452"}
STATUS_COLORS = {"ACTIVE": "#4c72b0", "INACTIVE": "#999999", "ERROR": "#c44e52", "PAUSED": "#ccb974"}
# Reply latency histogram (src/data/histogram.rs, LATENCY_MS): bucket b holds
# [50·2^(b/16), 50·2^((b+1)/16)) ms.
LAT_BASE, LAT_PER_OCTAVE = 50.0, 16
DUR_BASE, DUR_PER_OCTAVE = 1000.0, 8


def label(kind):
    return kind.replace("_", " ").title()


def audience(kind):
    return "Customer-facing" if kind in CUSTOMER_FACING else "Internal"


# ---------------------------------------------------------------- calendar


def nth_weekday(year, month, weekday, n):
    d = dt.date(year, month, 1)
    d += dt.timedelta(days=(weekday - d.weekday()) % 7)
    return d + dt.timedelta(weeks=n - 1)


def holiday(d):
    """The US holiday on a local date (src/data/calendar.rs), or None."""
    fixed = {(1, 1): "New Year's Day", (6, 19): "Juneteenth", (7, 4): "Independence Day",
             (12, 24): "Christmas Eve", (12, 25): "Christmas Day", (12, 31): "New Year's Eve"}
    if (d.month, d.day) in fixed:
        return fixed[(d.month, d.day)]
    if d.month == 1 and d == nth_weekday(d.year, 1, 0, 3):
        return "MLK Day"
    if d.month == 2 and d == nth_weekday(d.year, 2, 0, 3):
        return "Presidents' Day"
    if d.month == 5 and d.weekday() == 0 and d.day >= 25:
        return "Memorial Day"
    if d.month == 9 and d == nth_weekday(d.year, 9, 0, 1):
        return "Labor Day"
    if d.month == 11:
        thanksgiving = nth_weekday(d.year, 11, 3, 4)
        if d == thanksgiving:
            return "Thanksgiving"
        if d == thanksgiving + dt.timedelta(days=1):
            return "Black Friday"
    return None


def day_type(d):
    if holiday(d):
        return "holiday"
    if d.weekday() >= 5:
        return "weekend"
    if d.month == 12 and 26 <= d.day <= 30:
        return "festive"
    return "working"


DAY_SHADE = {"weekend": "#e8e8e8", "holiday": "#f6d2d2", "festive": "#fbe8c8"}


def shade_days(ax, days, centered=True):
    """Shades weekends, holidays and the festive week behind a chart of days."""
    for d in days:
        kind = day_type(d)
        if kind in DAY_SHADE:
            x = mdates.date2num(dt.datetime(d.year, d.month, d.day))
            lo, hi = (x - 0.5, x + 0.5) if centered else (x, x + 1)
            ax.axvspan(lo, hi, color=DAY_SHADE[kind], zorder=0, lw=0)


def day_legend_handles():
    from matplotlib.patches import Patch

    return [Patch(color=DAY_SHADE["weekend"], label="weekend"), Patch(color=DAY_SHADE["holiday"], label="holiday"),
            Patch(color=DAY_SHADE["festive"], label="festive week")]


def annotate_holidays(ax, days, y):
    for d in days:
        name = holiday(d)
        if name:
            ax.text(mdates.date2num(dt.datetime(d.year, d.month, d.day)), y, name, rotation=90, ha="center",
                    va="top", fontsize=7, color="#8b2323", transform=ax.get_xaxis_transform())


def day_axis(ax):
    ax.xaxis.set_major_locator(mdates.DayLocator(interval=2))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%a\n%b %d"))
    ax.tick_params(axis="x", labelsize=7)


# ---------------------------------------------------------------- histograms


def merge(hists):
    counts = collections.Counter()
    for h in hists:
        for b, c in h:
            counts[b] += c
    return counts


def quantile(counts, q, base=LAT_BASE, per_octave=LAT_PER_OCTAVE):
    """Nearest-rank quantile, log-linear inside its bucket (histogram.rs)."""
    n = sum(counts.values())
    if n == 0:
        return float("nan")
    rank = min(max(math.ceil(q * n), 1), n)
    before = 0
    for b in sorted(counts):
        c = counts[b]
        if before + c >= rank:
            lo = base * 2 ** (b / per_octave)
            hi = base * 2 ** ((b + 1) / per_octave)
            return lo * (hi / lo) ** ((rank - before - 0.5) / c)
        before += c
    return float("nan")


# ---------------------------------------------------------------- data


class Data:
    def __init__(self, dump, zone):
        self.dump = dump
        self.anchor = dt.datetime.fromisoformat(dump["anchorTime"].replace("Z", "+00:00"))
        tz = ZoneInfo(zone)
        # The zone's standard time, all year (docs/dataset.md, "The home time zone").
        self.offset = tz.utcoffset(self.anchor.replace(tzinfo=None)) - (tz.dst(self.anchor.replace(tzinfo=None))
                                                                         or dt.timedelta(0))
        hours = self.offset.total_seconds() / 3600
        self.zone_label = f"{zone} (UTC{hours:+g}, standard time)"
        self.agents = {a["id"]: a for a in dump["agents"]}
        self.kinds = sorted({a["kind"] for a in dump["agents"]}, key=lambda k: (audience(k), k))
        self.models = [m["id"] for m in dump["models"]]
        self.rows = dump["dailyMetrics"]
        self.days = sorted({dt.date.fromisoformat(r["date"]) for r in self.rows})
        # Hourly series in local time: (agent, local datetime) -> conversations, failures.
        self.local_hourly = collections.defaultdict(lambda: np.zeros(2))
        start = None
        for r in self.rows:
            d = dt.date.fromisoformat(r["date"])
            utc0 = dt.datetime(d.year, d.month, d.day)
            for h in range(24):
                t = utc0 + dt.timedelta(hours=h) + self.offset
                if r["hourly"][h] or r["hourlyFailed"][h]:
                    self.local_hourly[(r["agentId"], t)] += (r["hourly"][h], r["hourlyFailed"][h])
            start = utc0 if start is None else min(start, utc0)
        self.local_start = start + self.offset  # first local hour the window covers
        self.local_end = self.anchor.replace(tzinfo=None) + self.offset  # local "now"
        # Whole local days only.
        first = (self.local_start + dt.timedelta(hours=23, minutes=59)).date()
        self.local_days = [first + dt.timedelta(days=i) for i in range((self.local_end.date() - first).days)]
        self.today_local = self.local_end.date()


def local_hours_total(data, pred=lambda a: True):
    series = collections.defaultdict(lambda: np.zeros(2))
    for (agent, t), v in data.local_hourly.items():
        if pred(data.agents[agent]):
            series[t] += v
    return series


# ---------------------------------------------------------------- charts


def chart_hourly_traffic(data, out):
    fig, (ax1, ax2, ax3) = plt.subplots(3, 1, figsize=(15, 12), gridspec_kw={"height_ratios": [1.2, 1, 1]})
    end = data.local_end.replace(minute=0, second=0, microsecond=0)
    start = end - dt.timedelta(days=7)
    hours = [start + dt.timedelta(hours=i) for i in range(7 * 24)]
    for name, pred, color in [
        ("Customer-facing", lambda a: a["kind"] in CUSTOMER_FACING, "#4c72b0"),
        ("Internal", lambda a: a["kind"] not in CUSTOMER_FACING, "#55a868"),
    ]:
        s = local_hours_total(data, pred)
        ax1.plot(hours, [s[t][0] for t in hours], color=color, lw=1.3, label=name)
    total = local_hours_total(data)
    ax1.plot(hours, [total[t][0] for t in hours], color="#333333", lw=1.6, label="All agents")
    days = sorted({t.date() for t in hours})
    shade_days(ax1, days, centered=False)
    for d in days:
        for h0, h1 in [(0, 6), (22, 24)]:
            ax1.axvspan(dt.datetime(d.year, d.month, d.day, h0), dt.datetime(d.year, d.month, d.day) +
                        dt.timedelta(hours=h1), color="#1f2a44", alpha=0.06, lw=0, zorder=0)
    annotate_holidays(ax1, days, 0.98)
    ax1.xaxis.set_major_locator(mdates.DayLocator())
    ax1.xaxis.set_minor_locator(mdates.HourLocator(byhour=[6, 12, 18]))
    ax1.xaxis.set_major_formatter(mdates.DateFormatter("%a %b %d"))
    ax1.grid(alpha=0.3, which="both")
    ax1.set_ylabel("conversations / hour")
    ax1.set_title(f"Traffic by hour, last 7 days (local time, {data.zone_label}); night hours darker")
    ax1.legend(handles=ax1.get_legend_handles_labels()[0] + day_legend_handles(), loc="upper left", fontsize=8,
               ncol=2)

    # Average profile per local hour, working days vs weekends (and holidays), per audience.
    for ax, aud in [(ax2, "Customer-facing"), (ax3, "Internal")]:
        s = local_hours_total(data, lambda a: audience(a["kind"]) == aud)
        groups = {"working": [], "weekend": [], "holiday": [], "festive": []}
        for d in data.local_days:
            groups[day_type(d)].append([s[dt.datetime(d.year, d.month, d.day, h)][0] for h in range(24)])
        styles = {"working": ("#333333", "-"), "weekend": ("#4c72b0", "--"), "holiday": ("#c44e52", ":"),
                  "festive": ("#dd8452", "-.")}
        for g, rows in groups.items():
            if rows:
                m = np.mean(rows, axis=0)
                ax.plot(range(24), m, styles[g][1], color=styles[g][0], lw=2,
                        label=f"{g} days (n={len(rows)}), {m.sum():.0f}/day")
        ax.axvspan(9, 17, color="#ffe9a8", alpha=0.35, lw=0, label="business hours 09–17")
        ax.set_xticks(range(0, 24, 2))
        ax.set_xlim(0, 23)
        ax.grid(alpha=0.3)
        ax.set_ylabel("mean conversations / hour")
        ax.set_title(f"{aud} agents: average day by local hour")
        ax.legend(fontsize=8)
    ax3.set_xlabel("local hour of day")
    fig.tight_layout()
    fig.savefig(os.path.join(out, "01_hourly_traffic.png"), dpi=110)
    plt.close(fig)


def chart_volume_by_kind(data, out):
    fig, (ax1, ax2) = plt.subplots(2, 1, figsize=(15, 10), gridspec_kw={"height_ratios": [1.5, 1]})
    days = data.local_days + [data.today_local]
    per_kind = {k: np.zeros(len(days)) for k in data.kinds}
    index = {d: i for i, d in enumerate(days)}
    for (agent, t), v in data.local_hourly.items():
        i = index.get(t.date())
        if i is not None:
            per_kind[data.agents[agent]["kind"]][i] += v[0]
    x = [dt.datetime(d.year, d.month, d.day) for d in days]
    bottom = np.zeros(len(days))
    cmap_cf = plt.get_cmap("Blues")
    cmap_in = plt.get_cmap("Greens")
    cf = [k for k in data.kinds if k in CUSTOMER_FACING]
    internal = [k for k in data.kinds if k not in CUSTOMER_FACING]
    colors = {k: cmap_cf(0.45 + 0.5 * i / max(1, len(cf) - 1)) for i, k in enumerate(cf)}
    colors.update({k: cmap_in(0.3 + 0.6 * i / max(1, len(internal) - 1)) for i, k in enumerate(internal)})
    for k in cf + internal:
        ax1.bar(x, per_kind[k], bottom=bottom, width=0.85, color=colors[k], label=label(k), zorder=2)
        bottom += per_kind[k]
    shade_days(ax1, days)
    annotate_holidays(ax1, days, 0.99)
    ax1.text(x[-1], bottom[-1], " today\n (partial)", fontsize=7, va="bottom")
    day_axis(ax1)
    ax1.set_ylabel("conversations / day")
    ax1.set_title(f"Daily conversations by agent kind (local days, {data.zone_label})")
    ax1.legend(handles=ax1.get_legend_handles_labels()[0] + day_legend_handles(), fontsize=7, ncol=1,
               loc="upper left", bbox_to_anchor=(1.005, 1))
    ax1.grid(axis="y", alpha=0.3, zorder=0)

    # Each kind relative to its own working-day mean: do kinds differ in their week?
    working = [i for i, d in enumerate(days[:-1]) if day_type(d) == "working"]
    for k in cf + internal:
        base = per_kind[k][working].mean() if working else 1
        if base > 0:
            ax2.plot(x[:-1], per_kind[k][:-1] / base, marker="o", ms=3, lw=1.2, color=colors[k], label=label(k))
    shade_days(ax2, days[:-1])
    ax2.axhline(1, color="#333333", lw=0.8)
    day_axis(ax2)
    ax2.set_ylabel("× the kind's mean working day")
    ax2.set_title("Each kind's day against its own mean working day")
    ax2.set_xlim(ax1.get_xlim())
    ax2.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(os.path.join(out, "02_volume_by_kind.png"), dpi=110)
    plt.close(fig)


def chart_latency(data, out):
    fig, axes = plt.subplots(2, 2, figsize=(16, 10))
    ax1, ax2, ax3, ax4 = axes.flat
    by_day = collections.defaultdict(list)
    by_day_model = collections.defaultdict(list)
    for r in data.rows:
        d = dt.date.fromisoformat(r["date"])
        by_day[d].append(r["latencyHistogram"])
        by_day_model[(d, data.agents[r["agentId"]]["model"])].append(r["latencyHistogram"])
    days = data.days
    x = [dt.datetime(d.year, d.month, d.day) for d in days]
    bands = {q: [] for q in (0.5, 0.95, 0.99)}
    maxima = []
    for d in days:
        c = merge(by_day[d])
        for q in bands:
            bands[q].append(quantile(c, q))
        maxima.append(LAT_BASE * 2 ** ((max(c) + 1) / LAT_PER_OCTAVE) if c else float("nan"))
    ax1.fill_between(x, bands[0.5], bands[0.95], color="#4c72b0", alpha=0.25, label="p50–p95")
    ax1.fill_between(x, bands[0.95], bands[0.99], color="#c44e52", alpha=0.2, label="p95–p99")
    for q, c in [(0.5, "#1f3d7a"), (0.95, "#4c72b0"), (0.99, "#c44e52")]:
        ax1.plot(x, bands[q], color=c, lw=1.8, marker="o", ms=3, label=f"p{int(q * 100)}")
    ax1.plot(x, maxima, color="#555555", lw=1, ls=":", marker="x", ms=4, label="max (bucket top)")
    ax1.set_yscale("log")
    ax1.axhspan(800, 3000, color="#55a868", alpha=0.06, label="seed's 0.8–3 s mean band")
    shade_days(ax1, days)
    day_axis(ax1)
    ax1.set_ylabel("reply latency, ms (log)")
    ax1.set_title("Fleet reply latency per UTC day: p50 / p95 / p99 / max")
    ax1.legend(fontsize=7, ncol=2)
    ax1.grid(alpha=0.3, which="both")

    for m in data.models:
        ys50 = [quantile(merge(by_day_model[(d, m)]), 0.5) for d in days]
        ys95 = [quantile(merge(by_day_model[(d, m)]), 0.95) for d in days]
        ax2.plot(x, ys50, color=MODEL_COLORS.get(m), lw=1.8, label=f"{m} p50")
        ax2.plot(x, ys95, color=MODEL_COLORS.get(m), lw=1, ls="--", label=f"{m} p95")
    shade_days(ax2, days)
    day_axis(ax2)
    ax2.set_ylabel("reply latency, ms")
    ax2.set_title("Latency per model per UTC day (provider weather)")
    ax2.legend(fontsize=7, ncol=3)
    ax2.grid(alpha=0.3)

    # The distribution over the window.
    window = merge(h for hs in by_day.values() for h in hs)
    bs = np.array(sorted(window))
    lo = LAT_BASE * 2 ** (bs / LAT_PER_OCTAVE)
    width = lo * (2 ** (1 / LAT_PER_OCTAVE) - 1)
    counts = np.array([window[b] for b in bs])
    ax3.bar(lo, counts / width, width=width, align="edge", color="#4c72b0")
    ax3.set_xscale("log")
    ax3.set_yscale("log")
    for q in (0.5, 0.95, 0.99, 0.999):
        v = quantile(window, q)
        ax3.axvline(v, color="#c44e52", lw=0.8, ls="--")
        ax3.text(v, 0.98, f" p{q * 100:g}\n {v:,.0f} ms", transform=ax3.get_xaxis_transform(), fontsize=7,
                 va="top")
    ax3.set_xlabel("reply latency, ms (log)")
    ax3.set_ylabel("replies per ms (log)")
    ax3.set_title(f"Reply latency distribution over the window ({sum(counts):,} replies)")
    ax3.grid(alpha=0.3, which="both")

    # Latency by local hour, from the sampled conversation records.
    per_hour = collections.defaultdict(list)
    per_len = []
    for c in data.dump["conversations"]:
        t = dt.datetime.fromisoformat(c["startedAt"].replace("Z", "+00:00")).replace(tzinfo=None) + data.offset
        per_hour[t.hour].extend(c.get("replyLatenciesMs") or [])
        if c.get("replyLatenciesMs") and c["messageCount"]:
            per_len.append((c["outputTokens"] / max(1, len(c["replyLatenciesMs"])),
                            float(np.median(c["replyLatenciesMs"]))))
    hrs = list(range(24))
    med = [np.median(per_hour[h]) if per_hour[h] else np.nan for h in hrs]
    p90 = [np.percentile(per_hour[h], 90) if per_hour[h] else np.nan for h in hrs]
    ax4.plot(hrs, med, marker="o", color="#1f3d7a", label="median")
    ax4.plot(hrs, p90, marker="o", color="#c44e52", label="p90")
    ax4.axvspan(9, 17, color="#ffe9a8", alpha=0.35, lw=0, label="business hours")
    ax4.set_xticks(range(0, 24, 2))
    ax4.set_xlabel("local hour the conversation started")
    ax4.set_ylabel("reply latency, ms")
    ax4.set_title("Reply latency by local hour (conversation records)")
    ax4.grid(alpha=0.3)
    ax4.legend(fontsize=7, loc="upper left")
    if per_len:
        inset = ax4.inset_axes([0.62, 0.55, 0.36, 0.4])
        a = np.array(per_len)
        inset.scatter(a[:, 0], a[:, 1], s=3, alpha=0.4, color="#555555")
        inset.set_xscale("log")
        inset.set_yscale("log")
        inset.set_title("median latency vs output tokens/reply", fontsize=7)
        inset.tick_params(labelsize=6)
        inset.xaxis.set_minor_formatter(matplotlib.ticker.NullFormatter())
        inset.yaxis.set_minor_formatter(matplotlib.ticker.NullFormatter())
        if len(a) > 2:
            r = np.corrcoef(np.log(np.maximum(a[:, 0], 1)), np.log(a[:, 1]))[0, 1]
            inset.set_xlabel(f"output tokens / reply (log-log r = {r:.2f})", fontsize=6)
    fig.tight_layout()
    fig.savefig(os.path.join(out, "03_latency_bands.png"), dpi=110)
    plt.close(fig)


def chart_failures(data, out):
    fig = plt.figure(figsize=(16, 12))
    gs = fig.add_gridspec(3, 2, height_ratios=[1, 1.4, 1])
    ax1 = fig.add_subplot(gs[0, 0])
    ax1b = fig.add_subplot(gs[0, 1])
    ax2 = fig.add_subplot(gs[1, :])
    ax3 = fig.add_subplot(gs[2, :])
    total = local_hours_total(data)
    days = data.local_days
    conv = np.zeros(24)
    fail = np.zeros(24)
    grid = np.zeros((len(days), 24))
    grid_rate = np.full((len(days), 24), np.nan)
    for i, d in enumerate(days):
        for h in range(24):
            c, f = total[dt.datetime(d.year, d.month, d.day, h)]
            conv[h] += c
            fail[h] += f
            grid[i, h] = f
            if c:
                grid_rate[i, h] = f / c
    ax1.bar(range(24), fail, color="#c44e52", label="failed conversations")
    ax1.set_xlabel("local hour")
    ax1.set_ylabel("failures (whole window)")
    ax1r = ax1.twinx()
    ax1r.plot(range(24), np.where(conv > 0, fail / np.maximum(conv, 1), np.nan) * 100, color="#333333", marker="o",
              ms=3, label="failure rate")
    ax1r.set_ylabel("failure rate, %")
    ax1.set_xticks(range(0, 24, 2))
    ax1.set_title("Failures by local hour of day")
    ax1.grid(alpha=0.3)

    # Distribution of failures per agent-day (zero-failure days?) and per agent-hour.
    per_agent_day = [r["failed"] for r in data.rows if r["conversations"] and dt.date.fromisoformat(r["date"]) <
                     data.anchor.date()]
    if per_agent_day:
        mx = max(per_agent_day)
        ax1b.hist(per_agent_day, bins=np.arange(-0.5, mx + 1.5), color="#c44e52")
        zero = sum(1 for v in per_agent_day if v == 0)
        ax1b.set_title(f"Failures per agent-day (whole UTC days with traffic; {zero} of {len(per_agent_day)} "
                       f"have none)")
        ax1b.set_xlabel("failed conversations in the agent-day")
        ax1b.set_ylabel("agent-days")
        ax1b.grid(alpha=0.3)

    im = ax2.imshow(grid.T, aspect="auto", origin="lower", cmap="Reds", interpolation="nearest",
                    extent=[-0.5, len(days) - 0.5, -0.5, 23.5])
    ax2.set_yticks(range(0, 24, 2))
    ax2.set_ylabel("local hour")
    ax2.set_xticks(range(len(days)))
    ax2.set_xticklabels([d.strftime("%a %d") + ("*" if day_type(d) != "working" else "") for d in days],
                        rotation=90, fontsize=7)
    fig.colorbar(im, ax=ax2, label="failed conversations", pad=0.01)
    ax2.set_title("Failures, local day × local hour (whole fleet; * = weekend, holiday or festive day)")

    # Error types per UTC day.
    udays = data.days
    x = [dt.datetime(d.year, d.month, d.day) for d in udays]
    per = {e: np.zeros(len(udays)) for e in ERROR_TYPES}
    idx = {d: i for i, d in enumerate(udays)}
    for r in data.rows:
        i = idx[dt.date.fromisoformat(r["date"])]
        for e in ERROR_TYPES:
            per[e][i] += r["errors"].get(e, 0)
    bottom = np.zeros(len(udays))
    colors = plt.get_cmap("Set2")
    for j, e in enumerate(ERROR_TYPES):
        ax3.bar(x, per[e], bottom=bottom, width=0.85, color=colors(j), label=label(e), zorder=2)
        bottom += per[e]
    shade_days(ax3, udays)
    day_axis(ax3)
    ax3.set_ylabel("failed conversations")
    ax3.set_title("Failures by error type per UTC day")
    ax3.legend(fontsize=7, ncol=6)
    ax3.grid(axis="y", alpha=0.3, zorder=0)
    fig.tight_layout()
    fig.savefig(os.path.join(out, "04_failures.png"), dpi=110)
    plt.close(fig)


def chart_cost(data, out):
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(16, 6), gridspec_kw={"width_ratios": [2.2, 1]})
    days = data.days
    x = [dt.datetime(d.year, d.month, d.day) for d in days]
    idx = {d: i for i, d in enumerate(days)}
    per = {m: np.zeros(len(days)) for m in data.models}
    for r in data.dump["costRecords"]:
        per.setdefault(r["model"], np.zeros(len(days)))[idx[dt.date.fromisoformat(r["date"])]] += r["totalCost"]
    bottom = np.zeros(len(days))
    for m, v in per.items():
        ax1.bar(x, v, bottom=bottom, width=0.85, color=MODEL_COLORS.get(m), label=f"{m} (${v.sum():,.0f})", zorder=2)
        bottom += v
    shade_days(ax1, days)
    annotate_holidays(ax1, days, 0.99)
    day_axis(ax1)
    ax1.set_ylabel("cost, USD / day")
    ax1.set_title(f"Daily cost by model (UTC days; window total ${bottom.sum():,.0f})")
    ax1.legend(fontsize=8, loc="upper left")
    ax1.grid(axis="y", alpha=0.3, zorder=0)

    # Month to date against the budget.
    month = data.anchor.date().replace(day=1)
    mtd = [(d, bottom[i]) for i, d in enumerate(days) if d >= month]
    budget = data.dump["workspace"].get("monthlyBudget")
    if mtd:
        xs = [dt.datetime(d.year, d.month, d.day) for d, _ in mtd]
        ax2.plot(xs, np.cumsum([v for _, v in mtd]), marker="o", color="#333333", label="spend, month to date")
        if budget:
            ax2.axhline(budget, color="#c44e52", ls="--", label=f"monthly budget ${budget:,.0f}")
        ax2.xaxis.set_major_formatter(mdates.DateFormatter("%b %d"))
        ax2.tick_params(axis="x", labelsize=7, rotation=45)
        ax2.set_ylabel("USD")
        ax2.legend(fontsize=8)
        ax2.grid(alpha=0.3)
        ax2.set_title("Spend this month against the budget")
    fig.tight_layout()
    fig.savefig(os.path.join(out, "05_cost_by_model.png"), dpi=110)
    plt.close(fig)


def per_agent_totals(data):
    tot = collections.Counter()
    ok = collections.Counter()
    for r in data.rows:
        tot[r["agentId"]] += r["conversations"]
        ok[r["agentId"]] += r["succeeded"]
    return tot, ok


def chart_popularity(data, out):
    tot, _ = per_agent_totals(data)
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(16, 6))
    ranked = sorted(((v, a) for a, v in tot.items() if v > 0), reverse=True)
    ranks = np.arange(1, len(ranked) + 1)
    vals = np.array([v for v, _ in ranked])
    cols = [STATUS_COLORS.get(data.agents[a]["status"], "#333") for _, a in ranked]
    ax1.scatter(ranks, vals, c=cols, s=22, zorder=3)
    ax1.plot(ranks, vals, color="#999999", lw=0.8, zorder=2)
    ax1.set_xscale("log")
    ax1.set_yscale("log")
    if len(vals) >= 3:
        k, c = np.polyfit(np.log(ranks), np.log(vals), 1)
        ax1.plot(ranks, np.exp(c) * ranks ** k, ls="--", color="#c44e52", lw=1, label=f"fit: slope {k:.2f}")
    from matplotlib.lines import Line2D

    handles = [Line2D([], [], marker="o", ls="", color=v, label=s) for s, v in STATUS_COLORS.items()
               if any(data.agents[a]["status"] == s for _, a in ranked)]
    ax1.legend(handles=handles + ax1.get_legend_handles_labels()[0], fontsize=8)
    ax1.set_xlabel("agent rank (log)")
    ax1.set_ylabel("conversations over the window (log)")
    ax1.set_title(f"Popularity rank-size: {len(ranked)} agents with traffic; busiest/quietest = "
                  f"{vals[0] / vals[-1]:.1f}×; top 20% carry {vals[:max(1, len(vals) // 5)].sum() / vals.sum():.0%}")
    ax1.grid(alpha=0.3, which="both")

    # End users: conversations per end user among the records.
    users = collections.Counter(c.get("endUserId") for c in data.dump["conversations"])
    freq = collections.Counter(users.values())
    xs = sorted(freq)
    ax2.bar([str(x) for x in xs], [freq[x] for x in xs], color="#4c72b0")
    ax2.set_yscale("log")
    ax2.set_xlabel("conversations per end user (among the sampled records)")
    ax2.set_ylabel("end users (log)")
    ax2.set_title(f"Returning end users: {len(users):,} users for {len(data.dump['conversations']):,} records")
    ax2.grid(alpha=0.3, axis="y")
    fig.tight_layout()
    fig.savefig(os.path.join(out, "06_popularity_rank_size.png"), dpi=110)
    plt.close(fig)


def chart_success(data, out):
    tot, ok = per_agent_totals(data)
    agents = sorted((ok[a] / tot[a], a) for a in tot if tot[a] > 0)
    n = len(agents)
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(16, 6 if n <= 30 else 9), gridspec_kw={"width_ratios": [1.6, 1]})
    ys = np.arange(n)
    cols = [STATUS_COLORS.get(data.agents[a]["status"], "#333") for _, a in agents]
    if n <= 60:
        ax1.barh(ys, [r for r, _ in agents], color=cols)
    else:
        ax1.scatter([r for r, _ in agents], ys, c=cols, s=10)
        ax1.plot([r for r, _ in agents], ys, color="#bbbbbb", lw=0.6, zorder=0)
    if n <= 60:
        ax1.set_yticks(ys)
        ax1.set_yticklabels([f"{data.agents[a]['name']} ({data.agents[a]['status'].lower()})" for _, a in agents],
                            fontsize=7)
    else:
        ax1.set_ylabel(f"{n} agents, sorted")
    lo = min(r for r, _ in agents)
    ax1.set_xlim(max(0, lo - 0.05), 1.0)
    ax1.axvspan(0.85, 0.99, color="#55a868", alpha=0.08, label="seed's healthy band 0.85–0.99")
    ax1.set_xlabel("success rate over the window")
    ax1.set_title("Success rate per agent over the window, sorted (colour: status)")
    ax1.legend(fontsize=8, loc="lower right")
    ax1.grid(axis="x", alpha=0.3)

    # Daily success rate per agent-day: a strip per kind.
    for i, k in enumerate(data.kinds):
        rates = [r["succeeded"] / r["conversations"] for r in data.rows
                 if r["conversations"] >= 5 and data.agents[r["agentId"]]["kind"] == k]
        jitter = np.random.default_rng(i).uniform(-0.3, 0.3, len(rates))
        ax2.scatter(np.array(rates), i + jitter, s=4, alpha=0.4,
                    color="#4c72b0" if k in CUSTOMER_FACING else "#55a868")
    ax2.set_yticks(range(len(data.kinds)))
    ax2.set_yticklabels([label(k) for k in data.kinds], fontsize=8)
    ax2.set_xlabel("success rate of one agent-day (days with ≥ 5 conversations)")
    ax2.set_title("Daily success rate by kind")
    ax2.grid(axis="x", alpha=0.3)
    fig.tight_layout()
    fig.savefig(os.path.join(out, "07_success_rate.png"), dpi=110)
    plt.close(fig)


def chart_quality(data, out):
    """Sentiment share, resolution and tokens per day: what a quality panel shows."""
    fig, axes = plt.subplots(2, 2, figsize=(16, 10))
    ax1, ax2, ax3, ax4 = axes.flat
    days = data.days
    x = [dt.datetime(d.year, d.month, d.day) for d in days]
    idx = {d: i for i, d in enumerate(days)}
    sent = {s: np.zeros(len(days)) for s in SENTIMENTS}
    conv = np.zeros(len(days))
    resolved = np.zeros(len(days))
    tin = np.zeros(len(days))
    tout = np.zeros(len(days))
    for r in data.rows:
        i = idx[dt.date.fromisoformat(r["date"])]
        for s in SENTIMENTS:
            sent[s][i] += r["sentiments"].get(s, 0)
        conv[i] += r["conversations"]
        resolved[i] += r["resolved"]
        tin[i] += r["totalTokensInput"]
        tout[i] += r["totalTokensOutput"]
    bottom = np.zeros(len(days))
    for s, c in zip(SENTIMENTS, ["#55a868", "#bbbbbb", "#c44e52"]):
        share = sent[s] / np.maximum(conv, 1) * 100
        ax1.bar(x, share, bottom=bottom, width=0.85, color=c, label=s.lower(), zorder=2)
        bottom += share
    ax1.plot(x, resolved / np.maximum(conv, 1) * 100, color="#333333", marker="o", ms=3, label="resolved %")
    shade_days(ax1, days)
    day_axis(ax1)
    ax1.set_ylim(0, 100)
    ax1.set_ylabel("% of conversations")
    ax1.set_title("Sentiment share and resolution rate per UTC day")
    ax1.legend(fontsize=7, ncol=4, loc="lower left")

    ax2.plot(x, tin / np.maximum(conv, 1), label="input tokens / conversation", color="#4c72b0")
    ax2.plot(x, tout / np.maximum(conv, 1), label="output tokens / conversation", color="#dd8452")
    ax2r = ax2.twinx()
    ratios = [r["totalTokensOutput"] / r["totalTokensInput"] for r in data.rows if r["totalTokensInput"]]
    ax2r.plot(x, tout / np.maximum(tin, 1), color="#333333", ls=":", label="output / input")
    ax2r.set_ylabel("output / input")
    shade_days(ax2, days)
    day_axis(ax2)
    ax2.set_ylabel("tokens per conversation")
    ax2.set_title(f"Tokens per conversation per UTC day (agent-day output/input "
                  f"{min(ratios):.3f}–{max(ratios):.3f})" if ratios else "Tokens per conversation")
    ax2.legend(fontsize=7, loc="upper left")
    ax2.grid(alpha=0.3)

    # Conversation records: messages per conversation, channels by audience.
    convs = data.dump["conversations"]
    mc = collections.Counter(c["messageCount"] for c in convs)
    ks = sorted(mc)
    ax3.bar(ks, [mc[k] for k in ks], color="#4c72b0")
    ax3.set_xlabel("messages in the conversation")
    ax3.set_ylabel("conversation records")
    short = sum(v for k, v in mc.items() if k <= 2)
    ax3.set_title(f"Messages per conversation ({short / max(1, len(convs)):.1%} have ≤ 2)")
    ax3.grid(alpha=0.3, axis="y")

    channels = sorted({c["channel"] for c in convs})
    auds = ["Customer-facing", "Internal"]
    mat = np.zeros((len(auds), len(channels)))
    for c in convs:
        a = data.agents.get(c["agentId"])
        if a:
            mat[auds.index(audience(a["kind"])), channels.index(c["channel"])] += 1
    left = np.zeros(len(auds))
    cm = plt.get_cmap("tab10")
    for j, ch in enumerate(channels):
        share = mat[:, j] / np.maximum(mat.sum(axis=1), 1) * 100
        ax4.barh(auds, share, left=left, color=cm(j), label=ch.lower())
        for i in range(len(auds)):
            if share[i] > 4:
                ax4.text(left[i] + share[i] / 2, i, f"{share[i]:.0f}%", ha="center", va="center", fontsize=8)
        left += share
    ax4.set_xlabel("% of the audience's conversation records")
    ax4.set_title("Channel mix by audience")
    ax4.legend(fontsize=8, ncol=len(channels), loc="lower center", bbox_to_anchor=(0.5, -0.3))
    fig.tight_layout()
    fig.savefig(os.path.join(out, "08_quality_tokens_channels.png"), dpi=110)
    plt.close(fig)


def chart_agent_days(data, out):
    """Each agent's day: where quotas, floors and caps show as plateaus."""
    whole = [r for r in data.rows if dt.date.fromisoformat(r["date"]) < data.anchor.date()]
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(17, 7), gridspec_kw={"width_ratios": [1, 1.6]})
    counts = collections.Counter(r["conversations"] for r in whole if r["conversations"])
    xs = range(1, max(counts) + 1)
    ax1.bar(xs, [counts[x] for x in xs], width=1.0, color="#4c72b0")
    for x, c in counts.most_common(3):
        ax1.annotate(f"{c} agent-days at exactly {x}", (x, c), xytext=(8, -4), textcoords="offset points", fontsize=8,
                     color="#c44e52")
    ax1.set_xlabel("conversations in one agent-day (whole UTC days with traffic)")
    ax1.set_ylabel("agent-days")
    ax1.set_title(f"Conversations per agent-day ({sum(counts.values()):,} agent-days)")
    ax1.grid(alpha=0.3)

    tot, _ = per_agent_totals(data)
    agents = [a for a, _ in sorted(tot.items(), key=lambda kv: -kv[1]) if tot[a] > 0]
    days = data.days[:-1]
    di = {d: i for i, d in enumerate(days)}
    ai = {a: i for i, a in enumerate(agents)}
    grid = np.full((len(agents), len(days)), np.nan)
    for r in whole:
        if r["agentId"] in ai:
            grid[ai[r["agentId"]], di[dt.date.fromisoformat(r["date"])]] = r["conversations"]
    im = ax2.imshow(grid, aspect="auto", cmap="viridis", interpolation="nearest")
    fig.colorbar(im, ax=ax2, label="conversations", pad=0.01)
    ax2.set_xticks(range(len(days)))
    ax2.set_xticklabels([d.strftime("%a %d") + ("*" if day_type(d) != "working" else "") for d in days], rotation=90,
                        fontsize=7)
    if len(agents) <= 40:
        ax2.set_yticks(range(len(agents)))
        ax2.set_yticklabels([f"{data.agents[a]['name']} ({data.agents[a]['status'].lower()})" for a in agents],
                            fontsize=7)
    else:
        ax2.set_ylabel(f"{len(agents)} agents, busiest first")
    ax2.set_title("Conversations per agent per UTC day (busiest agent first; * = quiet day)")
    fig.tight_layout()
    fig.savefig(os.path.join(out, "09_agent_days.png"), dpi=110)
    plt.close(fig)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("dump", help="the JSON `agentmock dump` wrote")
    p.add_argument("outdir", help="folder for the PNGs (created)")
    p.add_argument("--time-zone", default="America/New_York",
                   help="the home zone the dump was made with (agentmock --time-zone)")
    args = p.parse_args()
    with open(args.dump) as f:
        dump = json.load(f)
    os.makedirs(args.outdir, exist_ok=True)
    data = Data(dump, args.time_zone)
    plt.rcParams.update({"axes.titlesize": 10, "axes.titleweight": "bold", "figure.facecolor": "white"})
    charts = [chart_hourly_traffic, chart_volume_by_kind, chart_latency, chart_failures, chart_cost,
              chart_popularity, chart_success, chart_quality, chart_agent_days]
    for chart in charts:
        chart(data, args.outdir)
    for name in sorted(os.listdir(args.outdir)):
        if name.endswith(".png"):
            print(os.path.join(args.outdir, name))


if __name__ == "__main__":
    sys.exit(main())
