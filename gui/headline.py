"""The strip of headline numbers above the plots: what a brief quotes first."""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from gui import format as fmt
from model import Result


class _Figure(QtWidgets.QFrame):
    def __init__(self, caption: str, tooltip: str) -> None:
        super().__init__()
        self.setObjectName("headlineFigure")
        self.value = QtWidgets.QLabel("–")
        self.value.setObjectName("headlineValue")
        self.value.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail = QtWidgets.QLabel("")
        self.detail.setObjectName("headlineDetail")
        title = QtWidgets.QLabel(caption)
        title.setObjectName("headlineCaption")
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(10, 4, 10, 4)
        layout.setSpacing(0)
        layout.addWidget(title)
        layout.addWidget(self.value)
        layout.addWidget(self.detail)
        self.setToolTip(tooltip)


class HeadlineStrip(QtWidgets.QFrame):
    """Net revenue change (USD and %), coal revenue lost, share offset, total; updated live."""

    STYLE = """
    #headlineStrip { background: #F4F6F8; border-bottom: 1px solid #D0D4D8; }
    #headlineCaption { color: #444; font-size: 9pt; }
    #headlineValue { color: #111; font-size: 16pt; font-weight: 600; }
    #headlineDetail { color: #444; font-size: 9pt; }
    """

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("headlineStrip")
        self.setStyleSheet(self.STYLE)
        self.net = _Figure(
            "Net revenue change", "Total scenario revenue minus the 2016 baseline, USD per year."
        )
        self.loss = _Figure(
            "Coal revenue lost", "Official coal revenue the ban stops, against 2016, per year."
        )
        self.offset = _Figure(
            "Share of the coal loss offset",
            "What smuggling, unbanned exports and labour win back (net of other bans), "
            "as a share of the coal revenue lost.",
        )
        self.total = _Figure("Total revenue", "Scenario revenue from all channels, per year.")
        layout = QtWidgets.QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        for figure in (self.net, self.loss, self.offset, self.total):
            layout.addWidget(figure, 1)

    def show_result(self, result: Result) -> None:
        self.net.value.setText(fmt.usd(result.net_change_usd_m, signed=True))
        self.net.detail.setText(f"{fmt.pct(result.net_change_pct, signed=True, digits=1)} vs 2016")
        self.loss.value.setText(fmt.usd(result.coal_loss_usd_m))
        self.loss.detail.setText(f"of {fmt.usd(result.baseline_usd_m[0])} in 2016")
        ratio = result.offset_ratio
        self.offset.value.setText("no coal lost" if ratio is None else fmt.pct(100 * ratio))
        self.offset.detail.setText(
            f"{fmt.usd(result.offset_total_usd_m, signed=True)} won back"
            if ratio is not None
            else ""
        )
        self.total.value.setText(fmt.usd(result.total_scenario_usd_m))
        self.total.detail.setText(f"2016: {fmt.usd(result.total_baseline_usd_m)}")
