#pragma once

// Ctrl+C (the platform's Copy key) on a table: the selected rows, as shown (display text of every visible
// column, in view order), with a header line, as tab-separated values that paste into a spreadsheet.

#include <QString>

class QAbstractItemView;

namespace interlens::ui {

// The TSV text of the selected rows of `view` (header + one line per row, in the view's sort order); "" when
// nothing is selected.
QString selectedRowsAsTsv(const QAbstractItemView* view);

// Makes the Copy key (QKeySequence::Copy) on `view` put selectedRowsAsTsv() on the clipboard.
void enableRowCopy(QAbstractItemView* view);

} // namespace interlens::ui
