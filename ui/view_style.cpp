#include "view_style.h"

#include <QObject>

#include <algorithm>
#include <array>
#include <cstdint>

namespace interlens::ui::style {

QColor okabeIto(int index)
{
    // Orange, sky blue, bluish green, vermillion, blue, reddish purple, yellow, black: the strongest
    // contrasts against white first (yellow and black last, as lines they read worst beside text).
    static const std::array<QColor, 8> colors{QColor(0xE6, 0x9F, 0x00), QColor(0x56, 0xB4, 0xE9),
                                              QColor(0x00, 0x9E, 0x73), QColor(0xD5, 0x5E, 0x00),
                                              QColor(0x00, 0x72, 0xB2), QColor(0xCC, 0x79, 0xA7),
                                              QColor(0xF0, 0xE4, 0x42), QColor(0x00, 0x00, 0x00)};
    return colors[static_cast<size_t>(std::max(0, index)) % colors.size()];
}

QColor modelColor(const std::vector<std::string>& allIds, const std::string& id)
{
    constexpr int kSlots = 8;
    const auto hashSlot = [](const std::string& text) {
        std::uint32_t h = 2166136261u; // FNV-1a: the same on every machine and Qt version
        for (unsigned char ch : text)
            h = (h ^ ch) * 16777619u;
        return static_cast<int>(h % 6); // the six strong colours first; yellow and black only on collisions
    };
    std::vector<std::string> ids = allIds;
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    std::array<bool, kSlots> taken{};
    int used = 0;
    for (const std::string& other : ids) {
        if (used == kSlots) {
            taken.fill(false);
            used = 0;
        }
        int slot = hashSlot(other);
        while (taken[static_cast<size_t>(slot)])
            slot = (slot + 1) % kSlots;
        taken[static_cast<size_t>(slot)] = true;
        ++used;
        if (other == id)
            return okabeIto(slot);
    }
    return okabeIto(hashSlot(id)); // not among allIds
}

QColor modelColor(const Session& session, const std::string& id)
{
    std::vector<std::string> ids;
    for (const ModelResult& m : session.models)
        ids.push_back(m.id);
    return modelColor(ids, id);
}

QColor modelColor(const SessionData& data, int shownIndex)
{
    return modelColor(*data.session, data.model(shownIndex).id);
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
    return QColor::fromRgbF(two.redF() + t * (b.redF() - two.redF()),
                            two.greenF() + t * (b.greenF() - two.greenF()),
                            two.blueF() + t * (b.blueF() - two.blueF()));
}

QString legendText()
{
    return QObject::tr(
        "AND filled, OR outlined; colour: blue-grey = one model, amber → red = shared by more models");
}

QString signedNumber(double value, int decimals)
{
    return (value >= 0 ? QStringLiteral("+") : QString()) + QString::number(value, 'f', decimals);
}

} // namespace interlens::ui::style
