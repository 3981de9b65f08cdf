"""PNG charts (optional: needs matplotlib, ``pip install 'govtext[plot]'``)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._files import atomic_write
from .errors import GovtextError

if TYPE_CHECKING:
    from .evaluation import Report

# Fonts that carry Chinese glyphs, in order of preference; the first one installed is used.
CJK_FONTS = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "SimHei",
    "Microsoft YaHei",
    "PingFang SC",
)


def _pyplot() -> Any:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        from matplotlib import font_manager
    except ImportError:
        raise GovtextError("plots need matplotlib: pip install 'govtext[plot]'") from None
    installed = {f.name for f in font_manager.fontManager.ttflist}
    chosen = [name for name in CJK_FONTS if name in installed]
    plt.rcParams["font.sans-serif"] = [*chosen, "DejaVu Sans"]
    plt.rcParams["axes.unicode_minus"] = False
    return plt


def _save(figure: Any, path: Path, *, overwrite: bool) -> Path:
    import warnings

    try:
        with atomic_write(path, overwrite=overwrite) as handle, warnings.catch_warnings():
            warnings.simplefilter("ignore")  # missing-glyph warnings when no CJK font is installed
            figure.savefig(handle, format="png", dpi=120, bbox_inches="tight")
    except FileExistsError:
        raise GovtextError(f"{path}: already exists; use --force (overwrite=True) to replace it") from None
    finally:
        import matplotlib.pyplot as plt

        plt.close(figure)
    return path


def plot_confusion(report: Report, path: Path, *, overwrite: bool = False) -> Path:
    """The confusion matrix as a heat map with counts, rows = true labels."""
    plt = _pyplot()
    n = len(report.labels)
    figure, axes = plt.subplots(figsize=(1.1 * n + 2, 0.9 * n + 1.5))
    matrix = [list(row) for row in report.confusion]
    image = axes.imshow(matrix, cmap="Blues")
    peak = max((v for row in matrix for v in row), default=0)
    for i in range(n):
        for j in range(n):
            value = matrix[i][j]
            colour = "white" if peak and value > peak / 2 else "black"
            axes.text(j, i, str(value), ha="center", va="center", color=colour)
    axes.set_xticks(range(n), list(report.labels), rotation=45, ha="right")
    axes.set_yticks(range(n), list(report.labels))
    axes.set_xlabel("predicted")
    axes.set_ylabel("true")
    axes.set_title(f"{report.title or 'confusion matrix'}  (macro-F1 {report.macro_f1:.3f})")
    figure.colorbar(image, ax=axes)
    return _save(figure, path, overwrite=overwrite)


__all__ = ["CJK_FONTS", "plot_confusion"]
