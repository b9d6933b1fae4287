#pragma once

// "Add model" offers the models of the local Hugging Face cache (core/model/hub_cache.h) with their
// revisions: a menu rebuilt each time it opens, one submenu per cached model, one entry per revision.

#include <QString>

#include <functional>

class QMenu;

namespace interlens::ui {

// Fills `menu` (cleared first) with the cache's models; `chosen` receives "org/name@revision". When the cache
// is empty or absent the menu says so and where it looked.
void fillHubCacheMenu(QMenu* menu, const std::function<void(const QString&)>& chosen);

} // namespace interlens::ui
