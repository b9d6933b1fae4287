#include "store/key_text.h"

#include <QCryptographicHash>

#include <cstdio>

namespace interlens {

KeyText::KeyText(std::string_view header) : m_text(header)
{
    m_text += '\n';
}

KeyText& KeyText::add(std::string_view name, std::string_view value)
{
    m_text += name;
    m_text += '=';
    m_text += std::to_string(value.size());
    m_text += ':';
    m_text += value;
    m_text += '\n';
    return *this;
}

KeyText& KeyText::add(std::string_view name, std::int64_t value)
{
    return add(name, std::to_string(value));
}

KeyText& KeyText::add(std::string_view name, double value)
{
    return add(name, exactText(value));
}

KeyText& KeyText::add(std::string_view name, const std::vector<double>& values)
{
    return add(name, exactText(values));
}

std::string KeyText::sha256() const
{
    return sha256Hex(m_text);
}

std::string sha256Hex(std::string_view bytes)
{
    return QCryptographicHash::hash(QByteArrayView(bytes.data(), qsizetype(bytes.size())),
                                    QCryptographicHash::Sha256)
        .toHex()
        .toStdString();
}

std::string exactText(double value)
{
    char text[40];
    std::snprintf(text, sizeof text, "%.17g", value);
    return text;
}

std::string exactText(const std::vector<double>& values)
{
    std::string out;
    for (const double value : values)
        out += (out.empty() ? "" : ",") + exactText(value);
    return out;
}

std::string optionText(const OptionValue& value)
{
    struct Text
    {
        std::string operator()(const std::string& text) const { return text; }
        std::string operator()(std::int64_t number) const { return std::to_string(number); }
        std::string operator()(double number) const { return exactText(number); }
        std::string operator()(bool flag) const { return flag ? "true" : "false"; }
        std::string operator()(const std::vector<double>& numbers) const { return exactText(numbers); }
    };
    return std::visit(Text{}, value);
}

} // namespace interlens
