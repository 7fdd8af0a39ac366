"""The Qt front end and the command line. Importing this package loads no Qt by itself."""

import os

# Before anything paints: Qt's raster engine hands every fill wider than ~96 pixels to its GUI
# thread pool and waits for it. For plot-sized shapes the hand-off costs far more than the fill
# (46 translucent grid lines: 9 ms pooled, 0.3 ms serial on two cores), and every plot repaint
# pays it. Qt reads the variable once, at the first pooled fill; any value turns the pool off.
os.environ.setdefault("QT_NO_GUI_THREADPOOL", "1")
