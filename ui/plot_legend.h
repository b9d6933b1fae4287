#pragma once

// Legends of the QCustomPlot views go under the axis rect, never inside it: inside, they cover bars, points
// or curves (issue 17). One function for the single-prompt plots and the study figures.

class QCustomPlot;
class QFont;

namespace interlens::ui {

// Moves `plot`'s legend into a row under the axis rect (once; later calls only restyle it), `columns` entries
// per line, in `font` a little smaller, without a frame.
void placeLegendBelow(QCustomPlot* plot, const QFont& font, int columns);

// The legend's text a little smaller than `font` (0.85), or in a `compact` one (0.75, 6 pt at least) with
// tighter spacing.
void compactLegend(QCustomPlot* plot, const QFont& font, bool compact);

// Sets `plot`'s legend to as many entries per line as fit in `width` pixels (at most `most`, one at least),
// so that no entry is cut in a narrow plot or export; when even one entry is too wide, the entries' names
// break into lines (fitTextToWidth; the plottables keep their whole names for a wider plot). Takes effect at
// the next replot or toPainter.
void fitLegendColumns(QCustomPlot* plot, double width, int most);

} // namespace interlens::ui
