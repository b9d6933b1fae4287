#include "view_style.h"

#include <QObject>

#include <algorithm>
#include <array>

namespace interlens::ui::style {

QColor modelColor(int modelIndex)
{
    static const std::array<QColor, 10> colors{QColor(31, 119, 180),  QColor(214, 39, 40),  QColor(44, 160, 44),
                                               QColor(148, 103, 189), QColor(255, 127, 14), QColor(140, 86, 75),
                                               QColor(227, 119, 194), QColor(127, 127, 127), QColor(188, 189, 34),
                                               QColor(23, 190, 207)};
    return colors[static_cast<size_t>(std::max(0, modelIndex)) % colors.size()];
}

QColor sharedColor(int count, int models)
{
    if (count < 2)
        return QColor(96, 125, 160);
    // 2 models -> amber, all models -> deep red; in between interpolate.
    const double t = models > 2 ? std::clamp(double(count - 2) / double(models - 2), 0.0, 1.0) : 1.0;
    const QColor a(240, 170, 30);
    const QColor b(200, 30, 40);
    const QColor two = models > 2 ? a : b;
    return QColor::fromRgbF(two.redF() + t * (b.redF() - two.redF()), two.greenF() + t * (b.greenF() - two.greenF()),
                            two.blueF() + t * (b.blueF() - two.blueF()));
}

QString legendText()
{
    return QObject::tr("AND filled, OR outlined; colour: blue-grey = one model, amber → red = shared by more models");
}

QString signedNumber(double value, int decimals)
{
    return (value >= 0 ? QStringLiteral("+") : QString()) + QString::number(value, 'f', decimals);
}

} // namespace interlens::ui::style
