#include "accessible_text.h"

#include "view_style.h"

#include <QObject>
#include <QStringList>

namespace interlens::ui {

QString describeCoalition(const SessionData& data, const Coalition* coalition)
{
    if (!data.session || !coalition)
        return QObject::tr("No coalition selected");
    QStringList words;
    for (int i = 0; i < data.playerCount; ++i)
        if (coalition->mask & (std::uint32_t(1) << i))
            words << QString::fromStdString(data.session->meta.players.at(static_cast<size_t>(i)).word);
    QString text =
        QObject::tr("Selected: %1 coalition {%2}, order %3, ")
            .arg(coalition->type == InteractionType::And ? QStringLiteral("AND") : QStringLiteral("OR"),
                 words.join(QStringLiteral(", ")))
            .arg(coalition->order);
    text += coalition->sharedCount >= 2 ? QObject::tr("shared by %1 models").arg(coalition->sharedCount)
                                        : QObject::tr("not shared");
    QStringList values;
    for (int k = 0; k < data.shownCount() && k < static_cast<int>(coalition->values.size()); ++k)
        values << QStringLiteral("%1 %2").arg(QString::fromStdString(data.model(k).id),
                                              style::signedNumber(coalition->values[static_cast<size_t>(k)]));
    if (!values.isEmpty())
        text += QStringLiteral("; ") + values.join(QStringLiteral(", "));
    return text;
}

} // namespace interlens::ui
