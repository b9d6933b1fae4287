#include "text_fit.h"

#include <QFont>
#include <QFontMetricsF>
#include <QStringList>

namespace interlens::ui {

namespace {

// Greedy word wrap of one line; words wider than `width` are elided.
QStringList wrapWords(const QString& line, const QFontMetricsF& metrics, double width)
{
    QStringList lines;
    QString current;
    for (QString word : line.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        if (metrics.horizontalAdvance(word) > width)
            word = metrics.elidedText(word, Qt::ElideRight, width);
        const QString joined = current.isEmpty() ? word : current + QLatin1Char(' ') + word;
        if (current.isEmpty() || metrics.horizontalAdvance(joined) <= width) {
            current = joined;
            continue;
        }
        lines << current;
        current = word;
    }
    if (!current.isEmpty())
        lines << current;
    return lines;
}

} // namespace

QString fitTextToWidth(const QString& text, const QFont& font, double width)
{
    const QFontMetricsF metrics(font);
    QStringList out;
    for (const QString& line : text.split(QLatin1Char('\n'))) {
        if (metrics.horizontalAdvance(line) <= width) {
            out << line;
            continue;
        }
        QStringList parts = line.split(QStringLiteral(": "));
        for (int i = 0; i + 1 < parts.size(); ++i)
            parts[i] += QLatin1Char(':');
        for (const QString& part : parts)
            out << wrapWords(part, metrics, width);
    }
    return out.join(QLatin1Char('\n'));
}

} // namespace interlens::ui
