#pragma once

// Text that must fit a width in a plot (titles, legend entries): QCustomPlot draws such text on one line per
// '\n' and never wraps it, so in a narrow plot or export it is cut at the edge (issue 17). One function for
// every place that fits text.

#include <QString>

class QFont;

namespace interlens::ui {

// `text` with line breaks so that each line is at most `width` pixels wide in `font`: a line too wide is cut
// after ": " first (a name and what it says), then at spaces; a single word still too wide is elided ("…").
// Text that fits comes back unchanged.
QString fitTextToWidth(const QString& text, const QFont& font, double width);

} // namespace interlens::ui
