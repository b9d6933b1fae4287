#pragma once

// Colours and the drawing conventions every view shares: AND coalitions are drawn filled, OR coalitions
// outlined; a coalition's colour says how many models share it; each model has its own colour in the plots,
// the same for a model id in every view, session and export.

#include "session_data.h"

#include <QColor>
#include <QString>

#include <string>
#include <vector>

namespace interlens::ui::style {

// The Okabe–Ito palette (Okabe & Ito 2008): eight colours told apart with every common colour-vision
// deficiency. Index 0..7.
QColor okabeIto(int index);

// A model's colour, stable across runs and sessions: the palette slot a hash of its id picks; when another of
// `allIds` wants the same slot, the ids in sorted order take the next free one (so the result depends on the
// set of ids, never on their order). More than eight models reuse slots.
QColor modelColor(const std::vector<std::string>& allIds, const std::string& id);
// The colour of every model of `session` by id; of shown model `shownIndex` of `data`.
QColor modelColor(const Session& session, const std::string& id);
QColor modelColor(const SessionData& data, int shownIndex);

// Colour of a coalition shared by `count` models out of `models` (count 0 or 1: model-specific, blue-grey;
// 2..models: yellow → orange → deep red).
QColor sharedColor(int count, int models);

// "AND coalitions filled, OR outlined; colour = models sharing" as a short legend text.
QString legendText();

// A fixed-precision number for labels ("+0.123"); tooltips use full precision.
QString signedNumber(double value, int decimals = 3);

} // namespace interlens::ui::style
