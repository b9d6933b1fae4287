#pragma once

// QCustomPlot's header uses Qt's `signals` / `foreach` keywords, which the build turns off (QT_NO_KEYWORDS,
// because they clash with libtorch). Include it through this header only: the keywords exist just around it.

#define signals Q_SIGNALS
#define slots Q_SLOTS
#define emit Q_EMIT
#define foreach Q_FOREACH
#include <qcustomplot.h>
#undef signals
#undef slots
#undef emit
#undef foreach
