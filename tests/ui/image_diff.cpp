#include "image_diff.h"

#include <QPainter>
#include <QProcess>

#include <algorithm>
#include <cstdlib>

namespace interlens::test {

namespace {

QImage onWhite(const QImage& image, const QSize& size)
{
    QImage out(size, QImage::Format_RGB32);
    out.fill(Qt::white);
    QPainter p(&out);
    p.setRenderHint(QPainter::SmoothPixmapTransform);
    p.drawImage(QRect(QPoint(0, 0), size), image);
    return out;
}

} // namespace

QString ImageDifference::describe() const
{
    return QStringLiteral("mean |Δ| = %1 of 255, %2 % of pixels far apart")
        .arg(meanAbs, 0, 'f', 2)
        .arg(farShare * 100, 0, 'f', 2);
}

ImageDifference imageDifference(const QImage& a, const QImage& b)
{
    ImageDifference d;
    if (a.isNull() || b.isNull())
        return {255.0, 1.0};
    const QImage x = onWhite(a, a.size());
    const QImage y = onWhite(b, a.size());
    double sum = 0.0;
    qint64 far = 0;
    for (int row = 0; row < x.height(); ++row) {
        const auto* px = reinterpret_cast<const QRgb*>(x.constScanLine(row));
        const auto* py = reinterpret_cast<const QRgb*>(y.constScanLine(row));
        for (int col = 0; col < x.width(); ++col) {
            const int dr = std::abs(qRed(px[col]) - qRed(py[col]));
            const int dg = std::abs(qGreen(px[col]) - qGreen(py[col]));
            const int db = std::abs(qBlue(px[col]) - qBlue(py[col]));
            sum += dr + dg + db;
            far += std::max({dr, dg, db}) > 96 ? 1 : 0;
        }
    }
    const double pixels = static_cast<double>(x.width()) * x.height();
    d.meanAbs = sum / (3.0 * pixels);
    d.farShare = static_cast<double>(far) / pixels;
    return d;
}

bool runTool(const QString& program, const QStringList& arguments, QString* output)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(program, arguments);
    if (!process.waitForStarted(10000)) {
        *output = program + QStringLiteral(": not installed");
        return false;
    }
    process.waitForFinished(60000);
    *output = QString::fromLocal8Bit(process.readAll());
    return process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0;
}

} // namespace interlens::test
