#include "golden.h"

#include "common/fixtures.h"

#include <QFile>

#include <cmath>
#include <limits>
#include <stdexcept>

namespace interlens::test {

QString interactionsFixture(const QString& file)
{
    return fixturePath(QStringLiteral("interactions/") + file);
}

nlohmann::json loadJson(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw std::runtime_error("cannot open " + path.toStdString());
    const QByteArray bytes = file.readAll();
    return nlohmann::json::parse(bytes.constData(), bytes.constData() + bytes.size());
}

std::vector<std::string> caseFiles(const std::string& kind)
{
    const nlohmann::json index = loadJson(interactionsFixture(QStringLiteral("index.json")));
    std::vector<std::string> out;
    for (const auto& c : index.at("cases"))
        if (c.at("kind") == kind)
            out.push_back(c.at("file").get<std::string>());
    return out;
}

std::vector<double> doubles(const nlohmann::json& array)
{
    return array.get<std::vector<double>>();
}

double maxAbsDiff(const std::vector<double>& a, const std::vector<double>& b)
{
    if (a.size() != b.size())
        return std::numeric_limits<double>::infinity();
    double worst = 0.0;
    for (std::size_t s = 0; s < a.size(); ++s)
        worst = std::max(worst, std::abs(a[s] - b[s]));
    return worst;
}

double relDiff(double a, double b)
{
    return std::abs(a - b) / std::max({std::abs(a), std::abs(b), 1e-300});
}

} // namespace interlens::test
