"""The control being worked on stays under the pointer when the content above it changes
height late: on a loaded machine the model's answer, and the layout it brings, can arrive well
after the edit (the form jumped by 174 px under load before the hold waited for the content)."""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets
from pytestqt.qtbot import QtBot

from dprk_explorer.gui.docks import ScrollAnchor, dock_scroll


def test_the_focused_box_stays_put_when_the_content_above_shrinks_late(qtbot: QtBot) -> None:
    content = QtWidgets.QWidget()
    layout = QtWidgets.QVBoxLayout(content)
    above = QtWidgets.QLabel("a preset's rationale")
    above.setFixedHeight(400)
    layout.addWidget(above)
    for _ in range(6):
        filler = QtWidgets.QLabel("filler")
        filler.setFixedHeight(150)
        layout.addWidget(filler)
    box = QtWidgets.QLineEdit()
    layout.addWidget(box)
    for _ in range(6):
        filler = QtWidgets.QLabel("filler")
        filler.setFixedHeight(150)
        layout.addWidget(filler)
    scroll = dock_scroll(content)
    anchor = ScrollAnchor(scroll, content)
    scroll.resize(300, 400)
    scroll.show()
    qtbot.waitExposed(scroll)
    scroll.ensureWidgetVisible(box)
    box.setFocus()
    qtbot.waitUntil(box.hasFocus)
    viewport = scroll.viewport()
    before = box.mapTo(viewport, QtCore.QPoint(0, 0))

    anchor.hold()  # the edit
    qtbot.wait(3 * ScrollAnchor.SETTLE_MS)  # the answer is slow to come
    above.setFixedHeight(120)  # ...and then the rationale gives way to a short list
    qtbot.waitUntil(lambda: box.mapTo(viewport, QtCore.QPoint(0, 0)) == before, timeout=2000)
    qtbot.wait(50)
    assert box.mapTo(viewport, QtCore.QPoint(0, 0)) == before

    # A scroll by the analyst lets go: the next change above moves the box as it would.
    scroll.verticalScrollBar().triggerAction(
        QtWidgets.QAbstractSlider.SliderAction.SliderSingleStepAdd
    )
    moved_to = box.mapTo(viewport, QtCore.QPoint(0, 0))
    above.setFixedHeight(300)
    qtbot.wait(50)
    assert box.mapTo(viewport, QtCore.QPoint(0, 0)).y() == moved_to.y() + 180
