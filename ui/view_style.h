#pragma once

// Colours and the drawing conventions every view shares: AND coalitions are drawn filled, OR coalitions
// outlined; a coalition's colour says how many models share it; each model has its own colour in the plots.

#include <QColor>
#include <QString>

namespace interlens::ui::style {

// A distinct colour per model (tab10-like).
QColor modelColor(int modelIndex);

// Colour of a coalition shared by `count` models out of `models` (count 0 or 1: model-specific, blue-grey;
// 2..models: yellow → orange → deep red).
QColor sharedColor(int count, int models);

// "AND coalitions filled, OR outlined; colour = models sharing" as a short legend text.
QString legendText();

// A fixed-precision number for labels ("+0.123"); tooltips use full precision.
QString signedNumber(double value, int decimals = 3);

} // namespace interlens::ui::style
