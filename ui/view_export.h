#pragma once

// Writing a view to a file: PNG at a chosen DPI, PDF and SVG (vector), all at a chosen physical size; and the
// coalition table as CSV. No dialogs here (export_dialog.h asks the user), so tests call these directly.

#include <QSizeF>
#include <QString>

class QAbstractItemModel;

namespace interlens::ui {

class ExportableView;

enum class ExportFormat { Png, Pdf, Svg };

struct ExportOptions
{
    ExportFormat format = ExportFormat::Png;
    QSizeF sizeMm{180.0, 120.0}; // physical size
    int dpi = 300;               // PNG resolution (PDF and SVG are vector)
};

// "png", "pdf", "svg" from a file name's suffix; false when it is none of them.
bool formatFromSuffix(const QString& path, ExportFormat* format);
QString formatSuffix(ExportFormat format);

// Renders `view` into `path`. False with a message naming the file on failure.
bool exportView(ExportableView& view, const QString& path, const ExportOptions& options, QString* error);

// Writes every row and column of `model` (display text; numbers from `numberRole` when given, at full
// precision) as RFC 4180 CSV with a header line. False with a message on failure.
bool exportCsv(const QAbstractItemModel& model, const QString& path, QString* error, int numberRole = -1);

} // namespace interlens::ui
