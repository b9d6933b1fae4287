#pragma once

// QCustomPlot draws black on white whatever the desktop's theme. followPalette() makes a plot take its
// background, axes, tick labels, grid, legend and titles from the widget palette, now and whenever the
// palette changes, so the plots follow a dark desktop palette like every other widget. With the default light
// palette the plot looks as before (white base, black text).

class QCustomPlot;
class QPalette;

namespace interlens::ui {

// Applies `palette` to the plot once.
void applyPalette(QCustomPlot* plot, const QPalette& palette);

// Applies the plot's own palette now, before every replot (axes and legends added later follow too) and on
// every palette change.
void followPalette(QCustomPlot* plot);

} // namespace interlens::ui
