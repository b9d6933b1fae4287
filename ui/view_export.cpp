#include "view_export.h"

#include "exportable_view.h"

#include "qcp.h"

#include <QAbstractItemModel>
#include <QFileInfo>
#include <QImage>
#include <QPdfWriter>
#include <QSaveFile>
#include <QSvgGenerator>
#include <QTextStream>

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
    if (text.contains(QLatin1Char(',')) || text.contains(QLatin1Char('"')) || text.contains(QLatin1Char('\n'))) {
        text.replace(QLatin1String("\""), QLatin1String("\"\""));
        return QLatin1Char('"') + text + QLatin1Char('"');
    }
    return text;
}

} // namespace

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
    if (options.sizeMm.width() <= 0 || options.sizeMm.height() <= 0 || options.sizeMm.width() > 2000
        || options.sizeMm.height() > 2000)
        return fail(QObject::tr("size must be between 0 and 2000 mm, got %1 × %2 mm")
                        .arg(options.sizeMm.width())
                        .arg(options.sizeMm.height()));
    const QSize logical = logicalSize(options.sizeMm);
    switch (options.format) {
    case ExportFormat::Png: {
        if (options.dpi < 36 || options.dpi > 1200)
            return fail(QObject::tr("resolution must be between 36 and 1200 DPI, got %1").arg(options.dpi));
        const double scale = options.dpi / kLogicalDpi;
        // Pixel size straight from the physical size, so a 60 mm figure at 150 DPI is exactly round(354.3) px.
        QImage image(std::max(1, int(std::lround(options.sizeMm.width() / kMmPerInch * options.dpi))),
                     std::max(1, int(std::lround(options.sizeMm.height() / kMmPerInch * options.dpi))),
                     QImage::Format_ARGB32_Premultiplied);
        if (image.isNull())
            return fail(QObject::tr("the image is too large (%1 DPI)").arg(options.dpi));
        image.fill(Qt::white);
        const int dotsPerMeter = static_cast<int>(std::lround(options.dpi / 0.0254));
        image.setDotsPerMeterX(dotsPerMeter);
        image.setDotsPerMeterY(dotsPerMeter);
        {
            QCPPainter painter(&image);
            painter.setRenderHint(QPainter::Antialiasing);
            painter.scale(scale, scale);
            view.renderExport(painter, logical);
        }
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
            pdf.setResolution(1200);
            QCPPainter painter(&pdf);
            if (!painter.isActive())
                return fail(QObject::tr("cannot start the PDF painter"));
            painter.setRenderHint(QPainter::Antialiasing);
            const double scale = pdf.resolution() / kLogicalDpi;
            painter.scale(scale, scale);
            view.renderExport(painter, logical);
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
            view.renderExport(painter, logical);
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
