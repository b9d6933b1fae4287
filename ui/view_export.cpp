#include "view_export.h"

#include "exportable_view.h"

#include "qcp.h"

#include <QAbstractItemModel>
#include <QFileInfo>
#include <QFontMetricsF>
#include <QImage>
#include <QPdfWriter>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSvgGenerator>
#include <QTextStream>
#include <QWidget>

#include <cmath>

namespace interlens::ui {

namespace {

constexpr double kLogicalDpi = 96.0; // views lay out in pixels at 96 DPI
constexpr double kMmPerInch = 25.4;

QSize logicalSize(const QSizeF& mm)
{
    return {std::max(1, static_cast<int>(std::lround(mm.width() / kMmPerInch * kLogicalDpi))),
            std::max(1, static_cast<int>(std::lround(mm.height() / kMmPerInch * kLogicalDpi)))};
}

QString csvField(QString text)
{
    if (text.contains(QLatin1Char(',')) || text.contains(QLatin1Char('"')) ||
        text.contains(QLatin1Char('\n'))) {
        text.replace(QLatin1String("\""), QLatin1String("\"\""));
        return QLatin1Char('"') + text + QLatin1Char('"');
    }
    return text;
}

void setDpi(QImage& image, double dpi)
{
    const int dotsPerMeter = static_cast<int>(std::lround(dpi / 0.0254));
    image.setDotsPerMeterX(dotsPerMeter);
    image.setDotsPerMeterY(dotsPerMeter);
}

} // namespace

QFont captionFont(const QFont& base)
{
    QFont font = base;
    font.setPointSizeF(std::max(6.0, base.pointSizeF() * 0.8));
    return font;
}

CaptionBand captionBand(ExportableView& view, const QSize& size)
{
    CaptionBand band;
    band.font = captionFont(view.exportWidget()->font());
    if (size.width() < kSingleColumnMm / kMmPerInch * kLogicalDpi)
        band.font.setPointSizeF(6.0); // compact under a journal column: the smallest print size of most
                                      // journals
    const QString caption = view.exportCaption();
    if (caption.isEmpty())
        return band;
    // Metrics of a 96-DPI device, the one every format paints on (see exportView).
    static const QImage device = [] {
        QImage image(1, 1, QImage::Format_ARGB32_Premultiplied);
        setDpi(image, kLogicalDpi);
        return image;
    }();
    const QFontMetricsF metrics(band.font, &device);
    const QRectF needed =
        metrics.boundingRect(QRectF(0, 0, size.width() - 8, 1e6), Qt::TextWordWrap | Qt::AlignLeft, caption);
    const double wanted = std::ceil(needed.height()) + 4;
    band.fits = wanted <= size.height() / 3.0;
    band.height = std::min(size.height() / 3.0, wanted);
    band.rect = QRectF(4, size.height() - band.height + 2, size.width() - 8, band.height - 2);
    return band;
}

void renderFigure(ExportableView& view, QCPPainter& painter, const QSize& size)
{
    const QString caption = view.exportCaption();
    const CaptionBand band = captionBand(view, size);
    const QSize body(size.width(), std::max(1, static_cast<int>(std::floor(size.height() - band.height))));
    painter.save();
    painter.fillRect(QRect(QPoint(0, 0), size), Qt::white);
    painter.restore();
    painter.save();
    painter.setClipRect(QRect(QPoint(0, 0), body)); // the view never draws over its caption
    view.renderExport(painter, body);
    painter.restore();
    if (!caption.isEmpty()) {
        painter.save();
        painter.setFont(band.font);
        painter.setPen(QColor(60, 60, 60));
        painter.drawText(band.rect, Qt::TextWordWrap | Qt::AlignLeft | Qt::AlignTop, caption);
        painter.restore();
    }
}

bool figureFits(ExportableView& view, const QSizeF& sizeMm, QString* why)
{
    const QSize size = logicalSize(sizeMm);
    const CaptionBand band = captionBand(view, size);
    if (!band.fits) {
        if (why)
            *why = QObject::tr("the caption needs more than a third of the height");
        return false;
    }
    const QSize body(size.width(), std::max(1, static_cast<int>(std::floor(size.height() - band.height))));
    return view.fitsAt(body, why);
}

QSizeF smallestFigureSizeMm(ExportableView& view)
{
    // Width steps of 1 mm at the default proportions: the first that fits, searched by halving (a figure
    // that fits at one width fits at every wider one).
    const QSizeF shape = view.defaultSizeMm();
    const double aspect = shape.height() / shape.width();
    const auto fits = [&](int widthMm) {
        return figureFits(view, QSizeF(widthMm, widthMm * aspect), nullptr);
    };
    int low = 10, high = static_cast<int>(std::ceil(shape.width()));
    while (!fits(high) && high < 2000)
        high = std::min(2000, high * 2);
    while (low + 1 < high) {
        const int middle = (low + high) / 2;
        (fits(middle) ? high : low) = middle;
    }
    return {double(high), std::ceil(high * aspect)};
}

QString figureTooSmall(ExportableView& view, const QSizeF& sizeMm)
{
    QString why;
    if (figureFits(view, sizeMm, &why))
        return {};
    const QSizeF smallest = smallestFigureSizeMm(view);
    return QObject::tr("%1 × %2 mm is too small for the view “%3”: %4. The smallest size that works at its "
                       "proportions is %5 × %6 mm.")
        .arg(sizeMm.width())
        .arg(sizeMm.height())
        .arg(view.exportTitle(), why)
        .arg(smallest.width())
        .arg(smallest.height());
}

bool parseSizeMm(const QString& text, QSizeF* mm, QString* error)
{
    static const QRegularExpression pattern(
        QStringLiteral("^\\s*([0-9]*\\.?[0-9]+)\\s*[x×]\\s*([0-9]*\\.?[0-9]+)\\s*(mm|in)?\\s*$"),
        QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch match = pattern.match(text);
    if (!match.hasMatch()) {
        if (error)
            *error = QObject::tr("'%1' is not WxH with unit mm or in (e.g. 89x67mm)").arg(text);
        return false;
    }
    const double unit = match.captured(3).toLower() == QLatin1String("in") ? kMmPerInch : 1.0;
    *mm = QSizeF(match.captured(1).toDouble() * unit, match.captured(2).toDouble() * unit);
    return true;
}

bool formatFromSuffix(const QString& path, ExportFormat* format)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("png"))
        *format = ExportFormat::Png;
    else if (suffix == QLatin1String("pdf"))
        *format = ExportFormat::Pdf;
    else if (suffix == QLatin1String("svg"))
        *format = ExportFormat::Svg;
    else
        return false;
    return true;
}

QString formatSuffix(ExportFormat format)
{
    switch (format) {
    case ExportFormat::Png:
        return QStringLiteral("png");
    case ExportFormat::Pdf:
        return QStringLiteral("pdf");
    case ExportFormat::Svg:
        return QStringLiteral("svg");
    }
    return {};
}

bool exportView(ExportableView& view, const QString& path, const ExportOptions& options, QString* error)
{
    const auto fail = [&](const QString& message) {
        if (error)
            *error = QObject::tr("%1: %2").arg(path, message);
        return false;
    };
    if (options.sizeMm.width() <= 0 || options.sizeMm.height() <= 0 || options.sizeMm.width() > 2000 ||
        options.sizeMm.height() > 2000)
        return fail(QObject::tr("size must be between 0 and 2000 mm, got %1 × %2 mm")
                        .arg(options.sizeMm.width())
                        .arg(options.sizeMm.height()));
    if (const QString tooSmall = figureTooSmall(view, options.sizeMm); !tooSmall.isEmpty())
        return fail(tooSmall);
    const QSize logical = logicalSize(options.sizeMm);
    switch (options.format) {
    case ExportFormat::Png: {
        if (options.dpi < 36 || options.dpi > 1200)
            return fail(QObject::tr("resolution must be between 36 and 1200 DPI, got %1").arg(options.dpi));
        // Pixel size straight from the physical size, so a 60 mm figure at 150 DPI is exactly round(354.3)
        // px.
        QImage image(std::max(1, int(std::lround(options.sizeMm.width() / kMmPerInch * options.dpi))),
                     std::max(1, int(std::lround(options.sizeMm.height() / kMmPerInch * options.dpi))),
                     QImage::Format_ARGB32_Premultiplied);
        if (image.isNull())
            return fail(QObject::tr("the image is too large (%1 DPI)").arg(options.dpi));
        image.fill(Qt::white);
        // The painter's scale alone maps the 96-DPI layout onto the pixels. While painting, the image reports
        // 96 DPI, or fonts given in points would be enlarged by the DPI a second time (text 3x too large at
        // 300).
        setDpi(image, kLogicalDpi);
        {
            QCPPainter painter(&image);
            painter.setRenderHint(QPainter::Antialiasing);
            painter.setRenderHint(QPainter::TextAntialiasing);
            painter.scale(options.dpi / kLogicalDpi, options.dpi / kLogicalDpi);
            renderFigure(view, painter, logical);
        }
        setDpi(image, options.dpi); // the file's metadata: the real resolution
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly) || !image.save(&file, "PNG") || !file.commit())
            return fail(QObject::tr("cannot write the PNG file (%1)").arg(file.errorString()));
        return true;
    }
    case ExportFormat::Pdf: {
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            return fail(QObject::tr("cannot write the PDF file (%1)").arg(file.errorString()));
        {
            QPdfWriter pdf(&file);
            pdf.setCreator(QStringLiteral("Interlens"));
            pdf.setTitle(view.exportTitle());
            pdf.setPageSize(QPageSize(options.sizeMm, QPageSize::Millimeter));
            pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
            // Vector coordinates are real numbers, so 96 "DPI" loses no precision; it makes fonts given in
            // points come out at their physical size (a higher resolution plus a painter scale would enlarge
            // them twice).
            pdf.setResolution(static_cast<int>(kLogicalDpi));
            QCPPainter painter(&pdf);
            if (!painter.isActive())
                return fail(QObject::tr("cannot start the PDF painter"));
            painter.setRenderHint(QPainter::Antialiasing);
            renderFigure(view, painter, logical);
        }
        if (!file.commit())
            return fail(QObject::tr("cannot write the PDF file (%1)").arg(file.errorString()));
        return true;
    }
    case ExportFormat::Svg: {
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            return fail(QObject::tr("cannot write the SVG file (%1)").arg(file.errorString()));
        {
            QSvgGenerator svg;
            svg.setOutputDevice(&file);
            svg.setTitle(view.exportTitle());
            svg.setDescription(QStringLiteral("Interlens"));
            svg.setResolution(static_cast<int>(kLogicalDpi));
            svg.setSize(logical);
            svg.setViewBox(QRect(QPoint(0, 0), logical));
            QCPPainter painter(&svg);
            if (!painter.isActive())
                return fail(QObject::tr("cannot start the SVG painter"));
            painter.setRenderHint(QPainter::Antialiasing);
            renderFigure(view, painter, logical);
        }
        if (!file.commit())
            return fail(QObject::tr("cannot write the SVG file (%1)").arg(file.errorString()));
        return true;
    }
    }
    return fail(QObject::tr("unknown format"));
}

bool exportCsv(const QAbstractItemModel& model, const QString& path, QString* error, int numberRole)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text)) {
        if (error)
            *error = QObject::tr("%1: cannot write the CSV file (%2)").arg(path, file.errorString());
        return false;
    }
    QTextStream out(&file);
    out.setEncoding(QStringConverter::Utf8);
    QStringList header;
    for (int c = 0; c < model.columnCount(); ++c)
        header << csvField(model.headerData(c, Qt::Horizontal).toString());
    out << header.join(QLatin1Char(',')) << '\n';
    for (int r = 0; r < model.rowCount(); ++r) {
        QStringList fields;
        for (int c = 0; c < model.columnCount(); ++c) {
            const QModelIndex index = model.index(r, c);
            QVariant value = numberRole >= 0 ? model.data(index, numberRole) : QVariant();
            if (value.typeId() == QMetaType::Double)
                fields << QString::number(value.toDouble(), 'g', 17);
            else
                fields << csvField(model.data(index, Qt::DisplayRole).toString());
        }
        out << fields.join(QLatin1Char(',')) << '\n';
    }
    out.flush();
    if (!file.commit()) {
        if (error)
            *error = QObject::tr("%1: cannot write the CSV file (%2)").arg(path, file.errorString());
        return false;
    }
    return true;
}

} // namespace interlens::ui
