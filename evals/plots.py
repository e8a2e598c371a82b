"""PNG plots for the report: confusion matrix, accuracy by category, latency histogram, retrieval ablation.

Drawn with matplotlib (object API on an Agg canvas, no pyplot state) when it is installed. When it is
not, the same four charts are drawn with Pillow, which Gradio already requires, so the report never
lacks its plots; ``BACKEND`` says which one ran.
"""

from __future__ import annotations

from pathlib import Path

try:
    import matplotlib  # noqa: F401  (only probed here; imported for real inside each function)

    BACKEND = "matplotlib"
except ImportError:
    BACKEND = "pillow"

W, H = 800, 500
BLUE, RED, GREEN, GREY = "#1f4e99", "#b00020", "#0b6e2e", "#666666"


def confusion_png(labels: list[str], matrix: list[list[int]], path: Path) -> Path:
    """Heat map of ``matrix`` (rows expected, columns predicted) with the counts written in each cell."""
    if BACKEND == "matplotlib":
        fig, ax = _figure()
        ax.imshow(matrix, cmap="Blues")
        ax.set_xticks(range(len(labels)), labels, rotation=30, ha="right")
        ax.set_yticks(range(len(labels)), labels)
        peak = max(max(row) for row in matrix) or 1
        for i, row in enumerate(matrix):
            for j, value in enumerate(row):
                ax.text(j, i, str(value), ha="center", va="center", color="white" if value > peak / 2 else "black")
        ax.set_xlabel("predicted verdict")
        ax.set_ylabel("expected verdict")
        ax.set_title("Verdict confusion matrix")
        return _save(fig, path)
    return _pillow_confusion(labels, matrix, path)


def accuracy_png(by_category: dict[str, dict], path: Path) -> Path:
    """Horizontal bars: verdict accuracy (0–1) per category, with ``correct/n`` at the end of each bar."""
    names = list(by_category)
    values = [by_category[n]["accuracy"] for n in names]
    notes = [f"{by_category[n]['correct']}/{by_category[n]['n']}" for n in names]
    if BACKEND == "matplotlib":
        fig, ax = _figure(height=max(3.0, 0.32 * len(names) + 1.2))
        ax.barh(names, values, color=[GREEN if v == 1 else BLUE if v >= 0.9 else RED for v in values])
        for i, (v, note) in enumerate(zip(values, notes, strict=True)):
            ax.text(v + 0.01, i, note, va="center")
        ax.set_xlim(0, 1.12)
        ax.invert_yaxis()
        ax.set_xlabel("verdict accuracy")
        ax.set_title("Accuracy by category")
        return _save(fig, path)
    return _pillow_bars(names, values, notes, "Accuracy by category", path)


def latency_png(latencies_ms: list[float], path: Path, p50: float, p95: float) -> Path:
    """Histogram of per-question latency (ms) with the p50 and p95 marked."""
    if BACKEND == "matplotlib":
        fig, ax = _figure()
        ax.hist(latencies_ms, bins=20, color=BLUE)
        ax.axvline(p50, color=RED, linestyle="--", label=f"p50 {p50:.0f} ms")
        ax.axvline(p95, color=RED, linestyle=":", label=f"p95 {p95:.0f} ms")
        ax.legend()
        ax.set_xlabel("latency per question (ms)")
        ax.set_ylabel("questions")
        ax.set_title("Latency")
        return _save(fig, path)
    return _pillow_histogram(latencies_ms, p50, p95, path)


def ablation_png(modes: dict[str, dict], path: Path, k: int) -> Path:
    """Grouped bars: recall@k and MRR for each retrieval mode (BM25, dense, hybrid)."""
    names = list(modes)
    recall = [modes[n][f"recall@{k}"] for n in names]
    mrr = [modes[n]["mrr"] for n in names]
    if BACKEND == "matplotlib":
        fig, ax = _figure()
        xs = range(len(names))
        ax.bar([x - 0.2 for x in xs], recall, width=0.4, label=f"recall@{k}", color=BLUE)
        ax.bar([x + 0.2 for x in xs], mrr, width=0.4, label="MRR", color=GREEN)
        ax.set_xticks(list(xs), names)
        ax.set_ylim(0, 1.05)
        ax.legend()
        ax.set_title("Retrieval ablation (info cases)")
        return _save(fig, path)
    labels = [f"{n} recall@{k}" for n in names] + [f"{n} MRR" for n in names]
    values = recall + mrr
    return _pillow_bars(labels, values, [f"{v:.2f}" for v in values], "Retrieval ablation (info cases)", path,
                        colours=[BLUE] * len(names) + [GREEN] * len(names))


def _figure(height: float = 5.0):
    from matplotlib.figure import Figure

    fig = Figure(figsize=(8, height), dpi=100, layout="tight")
    return fig, fig.add_subplot()


def _save(fig, path: Path) -> Path:
    fig.savefig(path, format="png")
    return path


# --- Pillow fallback: the same charts, drawn by hand -------------------------------------------------


def _canvas(title: str, height: int = H):
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", (W, height), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=15)
    draw.text((W // 2, 18), title, fill="black", font=ImageFont.load_default(size=20), anchor="mt")
    return image, draw, font


def _pillow_confusion(labels: list[str], matrix: list[list[int]], path: Path) -> Path:
    image, draw, font = _canvas("Verdict confusion matrix (rows expected, columns predicted)")
    n = len(labels)
    left, top = 170, 70
    cell = min((W - left - 30) // max(n, 1), (H - top - 90) // max(n, 1))
    peak = max(max(row) for row in matrix) or 1
    for i, row in enumerate(matrix):
        draw.text((left - 8, top + i * cell + cell // 2), labels[i], fill="black", font=font, anchor="rm")
        for j, value in enumerate(row):
            t = value / peak  # white-to-blue ramp, like matplotlib's "Blues"
            fill = tuple(int(a + (b - a) * t) for a, b in zip((240, 245, 255), (31, 78, 153), strict=True))
            box = (left + j * cell, top + i * cell, left + (j + 1) * cell, top + (i + 1) * cell)
            draw.rectangle(box, fill=fill, outline="white")
            draw.text((box[0] + cell // 2, box[1] + cell // 2), str(value), font=font, anchor="mm",
                      fill="white" if value > peak / 2 else "black")
    for j, label in enumerate(labels):  # staggered so long labels never run into each other
        draw.text((left + j * cell + cell // 2, top + n * cell + 8 + 18 * (j % 2)), label, fill="black", font=font,
                  anchor="mt")
    draw.text((left + n * cell // 2, top + n * cell + 52), "predicted verdict", fill=GREY, font=font, anchor="mt")
    image.save(path, format="PNG")
    return path


def _pillow_bars(names: list[str], values: list[float], notes: list[str], title: str, path: Path,
                 colours: list[str] | None = None) -> Path:
    row = 26
    height = max(H // 2, 80 + row * len(names))
    image, draw, font = _canvas(title, height)
    left, right, top = 250, W - 90, 60
    for i, (name, value, note) in enumerate(zip(names, values, notes, strict=True)):
        y = top + i * row
        colour = colours[i] if colours else GREEN if value >= 1 else BLUE if value >= 0.9 else RED
        draw.text((left - 8, y + row // 2), name, fill="black", font=font, anchor="rm")
        draw.rectangle((left, y + 4, left + int((right - left) * max(value, 0.0)), y + row - 4), fill=colour)
        draw.text((left + int((right - left) * value) + 6, y + row // 2), note, fill="black", font=font, anchor="lm")
    bottom = top + row * len(names) + 4
    draw.line((left, top, left, bottom), fill=GREY)
    for tick in (0, 0.5, 1.0):
        x = left + int((right - left) * tick)
        draw.text((x, bottom + 4), f"{tick:g}", fill=GREY, font=font, anchor="mt")
    image.save(path, format="PNG")
    return path


def _pillow_histogram(values: list[float], p50: float, p95: float, path: Path) -> Path:
    image, draw, font = _canvas("Latency per question (ms)")
    left, right, top, bottom = 70, W - 30, 60, H - 60
    lo, hi = min(values), max(values)
    span = (hi - lo) or 1.0
    bins = [0] * 20
    for v in values:
        bins[min(int((v - lo) / span * 20), 19)] += 1
    peak = max(bins) or 1
    width = (right - left) / 20
    for i, count in enumerate(bins):
        x0 = left + i * width
        draw.rectangle((x0 + 1, bottom - (bottom - top) * count / peak, x0 + width - 1, bottom), fill=BLUE)
    draw.line((left, bottom, right, bottom), fill=GREY)
    draw.line((left, top, left, bottom), fill=GREY)
    draw.text((left - 6, top), str(peak), fill=GREY, font=font, anchor="rm")
    draw.text((left - 6, bottom), "0", fill=GREY, font=font, anchor="rm")
    for value in (lo, hi):
        draw.text((left + (value - lo) / span * (right - left), bottom + 6), f"{value:.0f}", fill=GREY, font=font,
                  anchor="mt")
    for value, name, dy in ((p50, "p50", 0), (p95, "p95", 20)):
        x = left + (value - lo) / span * (right - left)
        draw.line((x, top, x, bottom), fill=RED, width=2 if name == "p50" else 1)
        draw.text((right, top + dy), f"{name} {value:.0f} ms", fill=RED, font=font, anchor="ra")
    draw.text(((left + right) // 2, bottom + 30), "latency (ms)", fill=GREY, font=font, anchor="mt")
    image.save(path, format="PNG")
    return path
