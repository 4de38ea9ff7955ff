"""The figures as a summary, a table, Markdown and a plot."""

import os
import statistics
from pathlib import Path

from ..results import host_info
from .metrics import METRICS

def summarise(samples, metric, base):
    vals = [v for v in samples if v is not None]
    if not vals:
        return None
    med = statistics.median(vals)
    entry = {"samples": [round(v, 3) for v in vals], "median": round(med, 3),
             "min": round(min(vals), 3), "max": round(max(vals), 3), "ratio": None}
    if base:
        ratio = (med / base) if metric.higher_is_better else (base / med if med > 0 else None)
        entry["ratio"] = round(ratio, 3) if ratio is not None else None
    return entry


def _fmt(v):
    if v is None:
        return "-"
    if abs(v) >= 100:
        return f"{v:.0f}"
    return f"{v:.1f}" if abs(v) >= 10 else f"{v:.2f}"


def table(report):
    """The results as a Markdown table: median (min-max) and ratio per target."""
    names = report["columns"]
    head = "| metric | unit | " + " | ".join(names) + " |"
    rule = "| --- | --- | " + " | ".join("---" for _ in names) + " |"
    rows = [head, rule]
    for m in METRICS:
        if m.name not in report["metrics"]:
            continue
        entry = report["metrics"][m.name]
        cells = []
        for n in names:
            e = entry.get("targets", {}).get(n)
            if not e:
                cells.append("-")
                continue
            cell = f"{_fmt(e['median'])} ({_fmt(e['min'])}–{_fmt(e['max'])})"
            if e.get("ratio") is not None:
                cell += f" ×{e['ratio']:.2f}"
            cells.append(cell)
        rows.append(f"| {m.name} | {m.unit} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def markdown(report):
    h = report["host"]
    lines = [f"# sockconf bench, {report['started']}", "",
             f"Machine: {h.get('cpu', '?')}, {h.get('cores', '?')} cores, "
             f"{h.get('system', '')} {h.get('release', '')} {h.get('machine', '')}. "
             f"{report['runs']} runs per figure, interleaved; median (min–max); ×ratio to "
             f"{report['baseline']}, above 1.0 is better (time and memory ratios are "
             f"{report['baseline']} / target).", "", table(report), ""]
    for m in METRICS:
        if m.name in report["metrics"]:
            lines.append(f"- **{m.name}**: {report['metrics'][m.name]['description']}")
    suite = report.get("suite")
    if suite:
        lines += ["", f"## The suite's own costs (case {suite['case']}), ms", "",
                  "| target | bare start | start + setup | case, host | overhead, host | "
                  "case, dual | overhead, dual |", "| --- | --- | --- | --- | --- | --- | --- |"]
        for name, e in suite["targets"].items():
            lines.append(f"| {name} | {_fmt(e['bare_start_ms'])} | {_fmt(e['setup_start_ms'])} | "
                         f"{_fmt(e.get('case_host_ms'))} | {_fmt(e.get('overhead_host_ms'))} | "
                         f"{_fmt(e.get('case_dual_ms'))} | {_fmt(e.get('overhead_dual_ms'))} |")
    runs = report.get("suite_runs")
    if runs:
        lines += ["", "## One suite run per target (`sockconf run --profile all`)", "",
                  "| target | wall s | runs (not skips) | case time s | ideal s | × ideal |",
                  "| --- | --- | --- | --- | --- | --- |"]
        for name, e in runs.items():
            lines.append(f"| {name} | {e['wall_s']} | {e['runs']} | {e['case_time_s']} | "
                         f"{e['ideal_s']} | {e['times_ideal']} |")
    return "\n".join(lines) + "\n"


def plot(report, path):
    """Bars with min-max whiskers, one panel per metric; False without matplotlib."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    names = report["columns"]
    shown_metrics = [m for m in METRICS if m.name in report["metrics"]]
    fig, axes = plt.subplots(1, len(shown_metrics), figsize=(4 * len(shown_metrics), 4),
                             squeeze=False)
    axes = axes[0]
    colours = ["#4c72b0", "#dd8452", "#55a868", "#c44e52", "#8172b3", "#937860"]
    for ax, m in zip(axes, shown_metrics):
        entry = report["metrics"][m.name]["targets"]
        shown = [n for n in names if n in entry]
        med = [entry[n]["median"] for n in shown]
        low = [entry[n]["median"] - entry[n]["min"] for n in shown]
        high = [entry[n]["max"] - entry[n]["median"] for n in shown]
        ax.bar(range(len(shown)), med, yerr=[low, high], capsize=4,
               color=[colours[names.index(n) % len(colours)] for n in shown])
        ax.set_xticks(range(len(shown)))
        ax.set_xticklabels(shown, rotation=30, ha="right")
        ax.set_title(f"{m.name}\n({m.unit}, {'higher' if m.higher_is_better else 'lower'} is better)",
                     fontsize=9)
    fig.suptitle(f"sockconf bench {report['started']}: median of {report['runs']} runs, "
                 "whiskers min–max", fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)
    return True


def machine():
    info = dict(host_info())
    info["cores"] = os.cpu_count()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return info
