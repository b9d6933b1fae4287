#pragma once

// The selected coalition as one sentence, for screen readers: the custom-painted views (prompt rows, plots, κ
// graph) carry it as their accessible description, so the selection is readable as text, not only as colour.

#include "session_data.h"

#include <QString>

namespace interlens::ui {

// "Selected: AND coalition {time, little}, order 2, shared by 2 models; gpt2 +1.500, llama +0.800" or
// "No coalition selected".
QString describeCoalition(const SessionData& data, const Coalition* coalition);

} // namespace interlens::ui
