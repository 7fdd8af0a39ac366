"""The pinned-scenarios panel: pin the current scenario, list the pins, choose one to compare,
and a table of what differs, live against each pin, for the answer's period (its comparisons)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6 import QtCore, QtGui, QtWidgets

from dprk_explorer.gui import palette
from dprk_explorer.gui.pins import FULL_MESSAGE, MAX_PINS, NONE_TEXT, Pin, PinStore, symbol_pixmap
from dprk_explorer.gui.plain_text import auto_text, plain_label
from dprk_explorer.gui.state import ScenarioState
from dprk_explorer.gui.text import format as fmt
from dprk_explorer.gui.text.answer_words import against_base, per_period, usd_unit
from dprk_explorer.gui.view_state import View
from dprk_explorer.model import PARAMETERS, Result, Scenario
from dprk_explorer.model.core.period import Period

if TYPE_CHECKING:
    from dprk_explorer.model.answer import Answer, Comparison

LIVE_COLUMN = "Live"
BRANCH_ROW = "Branches from the record"
#: The results every comparison table shows, after the settings that differ: (row, value).
RESULT_ROWS: tuple[tuple[str, Callable[[Result], float]], ...] = (
    ("Net change", lambda r: r.net_change_usd_m),
    ("Blocked", lambda r: r.blocked_total_usd_m),
    ("Won back", lambda r: r.recovered_total_usd_m),
    ("Smuggling", lambda r: r.recovered_usd_m["smuggling"]),
    ("Total revenue", lambda r: r.total_scenario_usd_m),
)
#: The net change is a change (signed); the others are amounts.
SIGNED_ROWS = ("Net change",)
#: The widest a row's label may be (px; a longer one is broken over two lines, and elided
#: there if need be: whole in its tooltip), a column, and a setting's value (a schedule,
#: elided: whole in its tooltip): four pins fit the Controls dock (gui.docks.DOCK_WIDTH).
ROW_LABEL_TEXT_PX = 66
COLUMN_MAX_PX = 110
SETTING_MAX_PX = 64
#: The table's text sizes (pt), the largest at which its figures fit without scrolling.
TABLE_FONT_PT = (8.0, 7.5, 7.0)
#: A pin's symbol in its column's header (px).
SYMBOL_PX = 10
#: Texts whose widths the table keeps (the live column's figures come and go in a drag).
ADVANCES_KEPT = 512


def setting_text(scenario: Scenario, key: str) -> str:
    """A setting as the table shows it: '62 %', 'yes', or its schedule ('25 from 2016-01, ...')."""
    schedule = scenario.schedule_text(key)
    if schedule:
        return schedule
    value = scenario[key]
    if isinstance(value, bool):
        return "yes" if value else "no"
    unit = PARAMETERS[key].unit
    return f"{value:g} {unit}".rstrip()


@dataclass(frozen=True)
class Column:
    """One scenario's column of the table, before the rows are chosen: each setting's text (in
    PARAMETERS' order), its branch and each headline result's text (RESULT_ROWS' order)."""

    settings: tuple[str, ...]
    branch: str
    results: tuple[str, ...]


def column_of(result: Result) -> Column:
    """The texts a scenario's result gives its column, for the result's period."""
    scenario = result.scenario
    return Column(
        tuple(setting_text(scenario, key) for key in PARAMETERS),
        scenario.branch or "no",
        tuple(
            fmt.usd_m(value(result), signed=label in SIGNED_ROWS) for label, value in RESULT_ROWS
        ),
    )


def rows_of(columns: list[Column]) -> list[tuple[str, list[str]]]:
    """The table's rows from its columns (the live one first): each setting that differs
    between them (its label, then its text per column), the branch month if it differs, then
    the headline results."""
    rows: list[tuple[str, list[str]]] = []
    for index, parameter in enumerate(PARAMETERS.values()):
        texts = [column.settings[index] for column in columns]
        if len(set(texts)) > 1:
            rows.append((parameter.short_label, texts))
    branches = [column.branch for column in columns]
    if len(set(branches)) > 1:
        rows.append((BRANCH_ROW, branches))
    for index, (label, _) in enumerate(RESULT_ROWS):
        rows.append((label, [column.results[index] for column in columns]))
    return rows


def comparison_rows(live: Result, pins: tuple[Comparison, ...]) -> list[tuple[str, list[str]]]:
    """Rows of the comparison table: each setting that differs between the live scenario and
    any pin (its label, then the value per column), the branch month if it differs, then the
    headline results, each pin's for the same period as the live one (the answer's
    comparisons)."""
    return rows_of([column_of(live), *(column_of(c.result) for c in pins)])


def table_title(period: Period) -> str:
    """What the table shows, and the unit its results are in (their cells carry none: a
    narrow column holds '−1,234' whole where '−$1.23 bn' would not fit)."""
    if period.is_steady:
        return "What differs, live against each pin (steady state; results in USD m per year):"
    return f"What differs, live against each pin (results in {usd_unit(period)}):"


def name_lines(name: str, metrics: QtGui.QFontMetrics, width: int, lines: int = 2) -> str:
    """A pin's name as its column's header shows it: broken between words over at most
    `lines` lines of `width`, the last elided if the name is longer (its tooltip has it)."""
    words = name.split()
    shown: list[str] = []
    while words and len(shown) < lines - 1:
        line = words.pop(0)
        if metrics.horizontalAdvance(line) > width:
            words.insert(0, line)
            break
        while words and metrics.horizontalAdvance(f"{line} {words[0]}") <= width:
            line = f"{line} {words.pop(0)}"
        shown.append(line)
    if words:
        shown.append(metrics.elidedText(" ".join(words), QtCore.Qt.TextElideMode.ElideRight, width))
    return "\n".join(shown)


def fitted_widths(needs: list[int], wants: list[int], room: int) -> list[int]:
    """Column widths: each at least what its figures need; the room left over shared among
    the columns whose header wants more (a pin's name), up to what each wants. Wider than the
    room only if the figures themselves are (the table then scrolls sideways)."""
    widths = list(needs)
    spare = room - sum(widths)
    while spare > 0:
        wanting = [c for c, (w, want) in enumerate(zip(widths, wants, strict=True)) if w < want]
        if not wanting:
            break
        share = max(1, spare // len(wanting))
        for column in wanting:
            grow = min(share, wants[column] - widths[column], spare)
            widths[column] += grow
            spare -= grow
    return widths


NAME_ROLE = QtCore.Qt.ItemDataRole.UserRole


def header_texts(table: QtWidgets.QTableWidget, horizontal: bool) -> list[str]:
    """A table's column (or row) labels, in order: each pin's whole name (its header may show
    it on two lines, elided)."""
    count = table.columnCount() if horizontal else table.rowCount()
    items = [
        table.horizontalHeaderItem(i) if horizontal else table.verticalHeaderItem(i)
        for i in range(count)
    ]
    texts = []
    for item in items:
        name = item.data(NAME_ROLE) if item is not None else None
        texts.append(name if isinstance(name, str) else item.text() if item is not None else "")
    return texts


class PinRow(QtWidgets.QWidget):
    """One pin in the panel: symbol swatch, name, net change and a remove button."""

    removeClicked = QtCore.Signal(object)
    renameClicked = QtCore.Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.pin: Pin | None = None
        self._net_shown: tuple[str, str] = ("", "")  # the net change's text and tooltip
        self.swatch = QtWidgets.QLabel()
        self.swatch.setFixedSize(20, 20)
        self.name = plain_label(QtWidgets.QLabel())
        self.name.setObjectName("pinName")
        self.name.setSizePolicy(
            QtWidgets.QSizePolicy.Policy.Ignored, QtWidgets.QSizePolicy.Policy.Preferred
        )
        self.net = QtWidgets.QLabel()
        self.net.setObjectName("pinNet")
        self.net.setAlignment(
            QtCore.Qt.AlignmentFlag.AlignRight | QtCore.Qt.AlignmentFlag.AlignVCenter
        )
        self.remove = QtWidgets.QToolButton()
        self.remove.setObjectName("pinRemove")
        self.remove.setText("×")
        self.remove.setAutoRaise(True)
        self.remove.clicked.connect(lambda: self.removeClicked.emit(self.pin))
        self.rename = QtWidgets.QToolButton()
        self.rename.setObjectName("pinRename")
        self.rename.setText("✎")
        self.rename.setAutoRaise(True)
        self.rename.setToolTip("Give this pin a short name of its own (legends and the headline)")
        self.rename.clicked.connect(lambda: self.renameClicked.emit(self.pin))
        layout = QtWidgets.QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.swatch)
        layout.addWidget(self.name, 1)
        layout.addWidget(self.net)
        layout.addWidget(self.rename)
        layout.addWidget(self.remove)

    def show_pin(self, pin: Pin | None, compared: Comparison | None, answer: Answer) -> None:
        """The pin's style and name, and its net change for the answer's period."""
        changed = pin is not self.pin
        self.pin = pin
        self.setVisible(pin is not None)
        if pin is None or compared is None:
            return
        if changed:  # a pin's style and name change only with the pin (rename: a new Pin)
            self.swatch.setPixmap(symbol_pixmap(pin))
            self.remove.setToolTip(auto_text(f"Remove pin {pin.name}"))
            self.remove.setAccessibleName(f"Remove pin {pin.name}")
            self.setToolTip(auto_text(pin.summary()))
            self._elide()
        # What a step leaves as it was is not set again (a tooltip set is an event through
        # the application's filters even when it is the same text).
        shown = (
            fmt.usd(compared.result.net_change_usd_m, signed=True),
            f"Net revenue change of the pinned scenario {against_base(answer)}, "
            f"{per_period(answer.period)}",
        )
        if changed or shown != self._net_shown:
            self._net_shown = shown
            self.net.setText(shown[0])
            self.net.setToolTip(shown[1])

    def _elide(self) -> None:
        if self.pin is None:
            return
        width = max(self.name.width(), 40)
        metrics = self.name.fontMetrics()
        self.name.setText(
            metrics.elidedText(self.pin.name, QtCore.Qt.TextElideMode.ElideRight, width)
        )

    def resizeEvent(self, event: QtGui.QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()


class PinPanel(QtWidgets.QGroupBox):
    """Pin the current scenario, list and remove pins, choose the headline's comparison."""

    #: The pin the headline compares with, or None.
    comparisonChanged = QtCore.Signal(object)

    def __init__(self, store: PinStore, state: ScenarioState) -> None:
        super().__init__("Pinned scenarios")
        self.setObjectName("pinPanel")
        self.store = store
        self.state = state
        self.pin_button = QtWidgets.QPushButton("Pin current scenario…")
        self.pin_button.setObjectName("pinButton")
        self.pin_button.clicked.connect(self._ask_and_pin)
        self.hint = QtWidgets.QLabel(
            "Pin a scenario to keep it drawn on every plot while you move the levers."
        )
        self.hint.setWordWrap(True)
        palette.set_role(self.hint, "muted")
        self.rows = [PinRow() for _ in range(MAX_PINS)]
        for row in self.rows:
            row.removeClicked.connect(self._remove)
            row.renameClicked.connect(self._ask_rename)
            row.hide()
        self.note = plain_label(QtWidgets.QLabel())  # its messages quote pin names
        self.note.setObjectName("pinNote")
        self.note.setWordWrap(True)
        palette.set_role(self.note, "warning")
        self.note.hide()
        self.combo = QtWidgets.QComboBox()
        self.combo.setObjectName("pinCompareCombo")
        self.combo.setToolTip("The pin the headline numbers are compared with")
        self.combo.setSizeAdjustPolicy(
            QtWidgets.QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.combo.setMinimumContentsLength(12)  # a long pin name never widens the dock
        self.combo.addItem(NONE_TEXT, None)
        compare_label = QtWidgets.QLabel("Compare headline with:")
        compare_label.setBuddy(self.combo)
        # What differs: the settings and the headline results, live against each pin.
        self.table_title = QtWidgets.QLabel()
        self.table_title.setObjectName("pinTableTitle")
        self.table_title.setWordWrap(True)  # never widens the dock
        palette.set_role(self.table_title, "muted")
        self.table = QtWidgets.QTableWidget()
        self.table.setObjectName("pinTable")
        self.table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(QtCore.Qt.FocusPolicy.NoFocus)
        self.table.setVerticalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setWordWrap(False)
        # Wide tables (four pins) scroll sideways inside the dock instead of widening it.
        self.table.setSizePolicy(
            QtWidgets.QSizePolicy.Policy.Ignored, QtWidgets.QSizePolicy.Policy.Fixed
        )
        self._set_table_font(TABLE_FONT_PT[0])
        self.table.horizontalHeader().setMaximumSectionSize(COLUMN_MAX_PX)
        self.table.setTextElideMode(QtCore.Qt.TextElideMode.ElideRight)
        # Refitted to the room it has whenever the dock's width changes.
        self.table.installEventFilter(self)
        # Sized to their contents by `_fit_columns` and `_fit_rows`, only when what they hold
        # changes width: a header in ResizeToContents mode measures every section again on
        # every changed cell (3.7 ms a slider step with four pins, benchmarks/gui_latency.py).
        for header in (self.table.horizontalHeader(), self.table.verticalHeader()):
            header.setSectionResizeMode(QtWidgets.QHeaderView.ResizeMode.Fixed)
        #: What the columns were last fitted to: their figures' widths, the headers' names
        #: and the room (px); refitted only when one changes.
        self._fitted: tuple[object, ...] = ()
        self._headers: list[str] = []
        self._rows: list[tuple[str, list[str]]] = []
        #: The column and row labels and the cells' texts as last set in the table, and each
        #: pin's column by pin and period (`_pin_columns`).
        self._shown_columns: list[str] = []
        self._shown_rows: list[str] = []
        self._cells: dict[tuple[int, int], str] = {}
        self._columns: dict[tuple[Pin, Period], Column] = {}
        #: Each text's width (px) at the table's font, as `_measure` measured it.
        self._advances: dict[str, int] = {}
        self._advances_font = 0.0
        self._advances_key = ""
        self.table_title.hide()
        self.table.hide()
        self._pins: tuple[Pin, ...] = ()

        layout = QtWidgets.QVBoxLayout(self)
        layout.setSpacing(4)
        layout.addWidget(self.pin_button)
        layout.addWidget(self.hint)
        for row in self.rows:
            layout.addWidget(row)
        layout.addWidget(self.note)
        layout.addWidget(compare_label)
        layout.addWidget(self.combo)
        layout.addWidget(self.table_title)
        layout.addWidget(self.table)

        self.combo.currentIndexChanged.connect(self._combo_changed)
        store.pinsChanged.connect(self._pins_changed)
        store.message.connect(self._show_note)
        self._pins_changed(store.pins)

    # --- reading ------------------------------------------------------------------------------

    @property
    def comparison(self) -> Pin | None:
        pin = self.combo.currentData()
        return pin if isinstance(pin, Pin) else None

    # --- actions ------------------------------------------------------------------------------

    def _ask_and_pin(self) -> None:
        default = self.store.unique_name(self.state.scenario.name)
        name, ok = QtWidgets.QInputDialog.getText(
            self, "Pin current scenario", "Name of the pin:", text=default
        )
        if ok:
            self.pin_current(name)

    def pin_current(self, name: str) -> Pin | None:
        """Pin the current scenario's result under `name` (the scenario's name if empty)."""
        self.state.flush()
        pin = self.store.pin(name, self.state.result)
        if pin is not None and self.comparison is None:
            self.comparisonChanged.emit(pin)  # the first pin is what one compares with
        return pin

    def _ask_rename(self, pin: Pin | None) -> None:
        if pin is None:
            return
        name, ok = QtWidgets.QInputDialog.getText(
            self, "Rename pin", "Short name for this pin:", text=pin.name
        )
        if ok:
            self.store.rename(pin, name)

    def _remove(self, pin: Pin | None) -> None:
        if pin is not None:
            self.store.remove(pin)

    def _combo_changed(self, _index: int) -> None:
        self.comparisonChanged.emit(self.comparison)

    def _show_note(self, text: str) -> None:
        self.note.setText(text)
        self.note.show()

    # --- showing ------------------------------------------------------------------------------

    def _pins_changed(self, pins: list[Pin]) -> None:
        """The pin button and its hint follow the store at once (they are controls); the pins'
        rows and figures follow the next answer."""
        self.hint.setVisible(not pins)
        full = len(pins) >= MAX_PINS
        self.pin_button.setEnabled(not full)
        self.pin_button.setToolTip(
            FULL_MESSAGE
            if full
            else "Keep the current scenario drawn on every plot under a name, for comparison"
        )
        if not full:
            self.note.hide()

    def show_answer(self, answer: Answer, view: View) -> None:
        """Each pin of the view with its net change for the answer's period, the headline's
        comparison as the view chooses it, and the table of what differs, live against each
        pin, for the same period."""
        pins = view.pins[: len(answer.pins)]
        compared: list[Comparison | None] = [*answer.pins, *[None] * MAX_PINS]
        for row, pin, comparison in zip(
            self.rows, [*pins, *[None] * MAX_PINS], compared, strict=False
        ):
            row.show_pin(pin, comparison, answer)
        if pins != self._pins or self._chosen_index() != view.compared_pin:
            self._pins = pins
            with QtCore.QSignalBlocker(self.combo):
                self.combo.clear()
                self.combo.addItem(NONE_TEXT, None)
                for pin in pins:
                    self.combo.addItem(QtGui.QIcon(symbol_pixmap(pin)), pin.name, pin)
                chosen = view.compared_pin
                self.combo.setCurrentIndex(
                    chosen + 1 if chosen is not None and chosen < len(pins) else 0
                )
        self._show_table(answer, pins)

    def _chosen_index(self) -> int | None:
        """The compared pin's index among the pins shown (None: no comparison)."""
        index = self.combo.currentIndex()
        return index - 1 if index > 0 else None

    def _show_table(self, answer: Answer, pins: tuple[Pin, ...]) -> None:
        shown = bool(pins)
        self.table.setVisible(shown)
        self.table_title.setVisible(shown)
        if not shown:
            return
        title = table_title(answer.period)
        if self.table_title.text() != title:
            self.table_title.setText(title)
        rows = rows_of([column_of(answer.result), *self._pin_columns(answer, pins)])
        table = self.table
        headers = [LIVE_COLUMN, *(p.name for p in pins)]
        if self._shown_columns != headers:
            table.setColumnCount(len(headers))
            table.setHorizontalHeaderLabels(headers)
            for column, pin in enumerate(pins, start=1):
                header = table.horizontalHeaderItem(column)
                if header is not None:
                    header.setData(NAME_ROLE, pin.name)
                    header.setIcon(QtGui.QIcon(symbol_pixmap(pin, SYMBOL_PX)))
                    header.setToolTip(auto_text(pin.summary()))
            self._font_headers()
            self._fitted = ()  # new columns: each is measured again
            self._shown_columns = headers
            self._cells = {}
        labels = [label for label, _ in rows]
        if self._shown_rows != labels:
            table.setRowCount(len(rows))
            metrics = table.fontMetrics()
            table.setVerticalHeaderLabels(
                [name_lines(label, metrics, ROW_LABEL_TEXT_PX) for label in labels]
            )
            for row, label in enumerate(labels):
                label_item = table.verticalHeaderItem(row)
                if label_item is not None:
                    label_item.setData(NAME_ROLE, label)
                    label_item.setToolTip(label)  # an elided label is whole in its tooltip
            self._font_headers()
            table.resizeRowsToContents()
            self._fitted = ()  # new rows: every column is measured again
            self._shown_rows = labels
            self._cells = {}
        # The cells as last set, kept here: a step changes the live column's figures only, and
        # reading each cell back from the table cost more than the rest of the table.
        cells = self._cells
        settings = len(rows) - len(RESULT_ROWS)
        for row, (_, texts) in enumerate(rows):
            for column, text in enumerate(texts):
                if cells.get((row, column)) == text:
                    continue
                cells[(row, column)] = text
                item = table.item(row, column)
                if item is None:
                    item = QtWidgets.QTableWidgetItem(text)
                    item.setTextAlignment(
                        QtCore.Qt.AlignmentFlag.AlignRight | QtCore.Qt.AlignmentFlag.AlignVCenter
                    )
                    table.setItem(row, column, item)
                    if row < settings:  # a setting may be elided
                        item.setToolTip(text)
                elif item.text() != text:
                    item.setText(text)
                    item.setToolTip(text if row < settings else "")
        self._headers, self._rows = headers, rows
        self._fit_columns()

    def _pin_columns(self, answer: Answer, pins: tuple[Pin, ...]) -> list[Column]:
        """Each pin's column for the answer's period, made once per pin and period: a pin's
        figures and settings stay as they are while the live scenario moves."""
        made = self._columns
        self._columns = {}
        for pin, compared in zip(pins, answer.pins, strict=False):
            key = (pin, answer.period)
            column = made.get(key)
            self._columns[key] = column if column is not None else column_of(compared.result)
        return list(self._columns.values())

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:
        if watched is self.table and event.type() == QtCore.QEvent.Type.Resize and self._rows:
            self._fit_columns()
        return False

    def _measure(self) -> tuple[list[int], int]:
        """At the table's font: what each column's figures need (a setting's schedule at most
        SETTING_MAX_PX, elided, whole in its tooltip) and the room the columns have (px)."""
        table = self.table
        headers, rows = self._headers, self._rows
        metrics = table.fontMetrics()
        style = table.style()
        # A cell's text has the focus frame's margin and a pixel on each side, then the grid.
        focus = style.pixelMetric(QtWidgets.QStyle.PixelMetric.PM_FocusFrameHMargin)
        pad = 2 * (focus + 1) + int(table.showGrid()) + 2  # and a rounding pixel each side
        settings = len(rows) - len(RESULT_ROWS)
        needs = []
        advances = self._advances
        if self._advances_font != metrics.fontDpi() or self._advances_key != table.font().key():
            advances.clear()  # widths measured at another font
            self._advances_font, self._advances_key = metrics.fontDpi(), table.font().key()
        elif len(advances) > ADVANCES_KEPT:
            advances.clear()
        for column, header in enumerate(headers):
            texts = []
            for _, t in rows:
                width = advances.get(t[column])
                if width is None:
                    width = advances[t[column]] = metrics.horizontalAdvance(t[column])
                texts.append(width)
            widest = max([*texts[settings:], *(min(w, SETTING_MAX_PX) for w in texts[:settings])])
            live = metrics.horizontalAdvance(header) if column == 0 else 0
            needs.append(max(widest, live) + pad)
        room = table.width() - 2 * table.frameWidth() - table.verticalHeader().sizeHint().width()
        return needs, room

    def _header_chrome(self) -> int:
        """What a pin's header takes beside its name (px): the style's room for an icon (the
        symbol is drawn in it), and the section's margins round the icon and the text."""
        head = self.table.horizontalHeader()
        style = head.style()
        icon = style.pixelMetric(QtWidgets.QStyle.PixelMetric.PM_SmallIconSize, None, head)
        margin = style.pixelMetric(QtWidgets.QStyle.PixelMetric.PM_HeaderMargin, None, head)
        return icon + 4 * margin

    def _set_table_font(self, points: float) -> None:
        table = self.table
        if table.font().pointSizeF() == points:
            return
        font = table.font()
        font.setPointSizeF(points)
        for widget in (table, table.horizontalHeader(), table.verticalHeader()):
            widget.setFont(font)
        self._font_headers()
        table.resizeRowsToContents()

    def _font_headers(self) -> None:
        """Each header label in the table's font, as its own (a header under the app's style
        sheet keeps drawing in the font it was polished with)."""
        table = self.table
        font = table.font()
        items = [table.horizontalHeaderItem(c) for c in range(table.columnCount())]
        items += [table.verticalHeaderItem(r) for r in range(table.rowCount())]
        for item in items:
            if item is not None and item.font() != font:
                item.setFont(font)

    def _fit_columns(self) -> None:
        """The columns fill the table's width without scrolling sideways: each as wide as its
        figures, at the largest of TABLE_FONT_PT at which they all fit (four pins in the
        Controls dock take the smallest), the room left shared among the pins' names, each
        broken over two lines in its header; then the table as tall as its rows. Fitted again
        only when a figure's width, a name or the room changes: the table's texts change on
        every slider step, their widths rarely."""
        table = self.table
        fitted = (*self._measure(), tuple(self._headers))
        if fitted == self._fitted:
            return
        for points in TABLE_FONT_PT:
            self._set_table_font(points)
            needs, room = self._measure()
            if sum(needs) <= room:
                break
        self._fitted = (needs, room, tuple(self._headers))
        metrics = table.fontMetrics()
        chrome = self._header_chrome()  # the pins' names beside their symbols
        wants = [
            need if column == 0 else min(COLUMN_MAX_PX, metrics.horizontalAdvance(h) + chrome)
            for column, (h, need) in enumerate(zip(self._headers, needs, strict=True))
        ]
        widths = fitted_widths(needs, wants, room)
        for column, width in enumerate(widths):
            if table.columnWidth(column) != width:
                table.setColumnWidth(column, width)
            item = table.horizontalHeaderItem(column)
            if column > 0 and item is not None:
                shown = name_lines(self._headers[column], metrics, max(width - chrome, 8))
                if item.text() != shown:
                    item.setText(shown)
        # As tall as its rows: the dock scrolls, the table does not.
        head = table.horizontalHeader()
        height = head.sizeHint().height() + 2 * table.frameWidth()
        height += sum(table.rowHeight(r) for r in range(table.rowCount()))
        if sum(widths) > room:  # room for the bar when it scrolls sideways
            height += table.horizontalScrollBar().sizeHint().height()
        table.setFixedHeight(height)

    def cell(self, row_label: str, column_label: str) -> str:
        """The table's text at a row and column, by their labels (for checks and tests)."""
        table = self.table
        rows = header_texts(table, horizontal=False)
        columns = header_texts(table, horizontal=True)
        item = table.item(rows.index(row_label), columns.index(column_label))
        return item.text() if item is not None else ""
