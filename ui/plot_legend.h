#pragma once

// Legends of the QCustomPlot views go under the axis rect, never inside it: inside, they cover bars, points
// or curves (issue 17). One function for the single-prompt plots and the study figures.

class QCustomPlot;
class QFont;

namespace interlens::ui {

// Moves `plot`'s legend into a row under the axis rect (once; later calls only restyle it), `columns` entries
// per line, in `font` a little smaller, without a frame.
void placeLegendBelow(QCustomPlot* plot, const QFont& font, int columns);

} // namespace interlens::ui
