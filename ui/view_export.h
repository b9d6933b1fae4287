#pragma once

// Writing a view to a file: PNG at a chosen DPI, PDF and SVG (vector), all at a chosen physical size; and the
// coalition table as CSV. No dialogs here (export_dialog.h asks the user), so tests call these directly.

#include <QFont>
#include <QRectF>
#include <QSizeF>
#include <QString>

class QAbstractItemModel;
class QCPPainter;

namespace interlens::ui {

class ExportableView;

enum class ExportFormat { Png, Pdf, Svg };

// Journal column widths (Nature, Science, Cell and most others: single 89 mm, double 183 mm).
inline constexpr double kSingleColumnMm = 89.0;
inline constexpr double kOneAndHalfColumnMm = 120.0;
inline constexpr double kDoubleColumnMm = 183.0;

struct ExportOptions
{
    ExportFormat format = ExportFormat::Png;
    QSizeF sizeMm{kSingleColumnMm, 67.0}; // physical size
    int dpi = 300;                        // PNG resolution (PDF and SVG are vector)
};

// "WxH" with unit "mm" (default) or "in", e.g. "89x67mm", "3.5x2.6in": the size in mm; false with a message.
bool parseSizeMm(const QString& text, QSizeF* mm, QString* error);

// "png", "pdf", "svg" from a file name's suffix; false when it is none of them.
bool formatFromSuffix(const QString& path, ExportFormat* format);
QString formatSuffix(ExportFormat format);

// The caption's font: the view's, a little smaller (never under 6 pt).
QFont captionFont(const QFont& base);

// The caption's band under a figure `size` logical pixels big: its lines wrapped to the width, in `font`. The
// band takes at most a third of the height; `fits` says whether the whole caption fits in it.
struct CaptionBand
{
    QFont font;
    QRectF rect;       // where the text goes
    double height = 0; // the band, taken from the bottom of the figure
    bool fits = true;
};
CaptionBand captionBand(ExportableView& view, const QSize& size);

// What every export draws, on a painter whose device reports 96 DPI (scaled for higher resolutions): the view
// in `size` logical pixels less the caption's lines, and under it the view's caption.
void renderFigure(ExportableView& view, QCPPainter& painter, const QSize& size);

// Whether the figure (view and caption) is legible at `sizeMm`: false with what does not fit in `why`.
bool figureFits(ExportableView& view, const QSizeF& sizeMm, QString* why);

// The smallest size at the view's default proportions at which the figure fits, in whole mm.
QSizeF smallestFigureSizeMm(ExportableView& view);

// "" when the figure fits at `sizeMm`; else why not and the smallest size that works (for the export's
// refusal in `interlens figure` and the export dialog).
QString figureTooSmall(ExportableView& view, const QSizeF& sizeMm);

// Renders `view` into `path`. False with a message naming the file on failure, or, when the size is too small
// for the figure's text (figureFits), naming the smallest size that works.
bool exportView(ExportableView& view, const QString& path, const ExportOptions& options, QString* error);

// Writes every row and column of `model` (display text; numbers from `numberRole` when given, at full
// precision) as RFC 4180 CSV with a header line. False with a message on failure.
bool exportCsv(const QAbstractItemModel& model, const QString& path, QString* error, int numberRole = -1);

} // namespace interlens::ui
