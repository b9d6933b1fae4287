#pragma once

// Help ▸ Interlens Help (F1): the README's section on the desktop application, read from the installed
// documentation (resources.h: docsDir()), shown as rendered Markdown, with a link to the whole README.

#include <QString>

class QWidget;

namespace interlens::ui {

// The Markdown of the `## heading` section of `markdown` (up to the next heading of level 2 or less); "" when
// there is no such section.
QString markdownSection(const QString& markdown, const QString& heading);

// The README's desktop-application section as a non-modal dialog (object name "helpDialog"); a message naming
// the file when the README is not installed.
void showHelp(QWidget* parent);

} // namespace interlens::ui
