#pragma once

#include "tokenize/encoding.h"
#include "tokenize/tokenizer.h"

#include <QFile>
#include <QString>

#include <nlohmann/json.hpp>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace interlens::test {

// The tokenizers of ../shared/fixtures/tokenizers, each loaded once per test process (the big ones take a
// while).
inline const Tokenizer& fixtureTokenizer(const QString& dir)
{
    static std::map<QString, std::unique_ptr<Tokenizer>> cache;
    auto& slot = cache[dir];
    if (!slot)
        slot = std::make_unique<Tokenizer>(Tokenizer::load(dir.toStdString()));
    return *slot;
}

// One JSON object per non-empty line.
inline std::vector<nlohmann::json> readJsonLines(const QString& path)
{
    std::vector<nlohmann::json> lines;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return lines;
    while (!file.atEnd()) {
        const QByteArray line = file.readLine().trimmed();
        if (!line.isEmpty())
            lines.push_back(nlohmann::json::parse(line.constData(), line.constData() + line.size()));
    }
    return lines;
}

inline std::vector<CharSpan> spansFromJson(const nlohmann::json& offsets)
{
    std::vector<CharSpan> spans;
    for (const auto& pair : offsets)
        spans.push_back({pair[0].get<int>(), pair[1].get<int>()});
    return spans;
}

inline std::string spansToString(const std::vector<CharSpan>& spans)
{
    std::string out;
    for (const CharSpan& s : spans)
        out += "[" + std::to_string(s.start) + "," + std::to_string(s.end) + "]";
    return out;
}

template <typename T> std::string listToString(const std::vector<T>& values)
{
    nlohmann::json j = values;
    return j.dump();
}

} // namespace interlens::test
