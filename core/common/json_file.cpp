#include "common/json_file.h"

#include "common/error.h"

#include <QCryptographicHash>

#include <nlohmann/json.hpp>
#include <zlib.h>

#include <fstream>
#include <iterator>

namespace interlens {

namespace {

std::string gunzip(const std::string& compressed, const std::string& path)
{
    z_stream stream{};
    // 16 + MAX_WBITS: expect a gzip header and trailer.
    if (inflateInit2(&stream, 16 + MAX_WBITS) != Z_OK)
        throw Error(fileMessage(path, "cannot initialise zlib"));
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
    stream.avail_in = static_cast<uInt>(compressed.size());
    std::string out;
    char buffer[1 << 16];
    int rc = Z_OK;
    while (rc == Z_OK) {
        stream.next_out = reinterpret_cast<Bytef*>(buffer);
        stream.avail_out = sizeof(buffer);
        rc = inflate(&stream, Z_NO_FLUSH);
        out.append(buffer, sizeof(buffer) - stream.avail_out);
        if (rc == Z_BUF_ERROR && stream.avail_in == 0)
            break; // input exhausted before the end of the stream
    }
    inflateEnd(&stream);
    if (rc != Z_STREAM_END)
        throw InputError(fileMessage(
            path, rc == Z_DATA_ERROR ? "corrupt gzip data" : "truncated gzip file (unexpected end of data)"));
    return out;
}

} // namespace

nlohmann::json readJsonFile(const std::string& path, std::string* sha256)
{
    std::ifstream file(path, std::ios::binary);
    if (!file)
        throw InputError(fileMessage(path, "cannot open file"));
    std::string content((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    if (file.bad())
        throw InputError(fileMessage(path, "cannot read file"));
    if (sha256)
        *sha256 = QCryptographicHash::hash(QByteArray::fromRawData(content.data(), static_cast<qsizetype>(content.size())),
                                           QCryptographicHash::Sha256)
                      .toHex()
                      .toStdString();
    if (content.size() >= 2 && static_cast<unsigned char>(content[0]) == 0x1F &&
        static_cast<unsigned char>(content[1]) == 0x8B)
        content = gunzip(content, path);
    try {
        return nlohmann::json::parse(content);
    } catch (const nlohmann::json::parse_error& e) {
        throw InputError(fileMessage(path, std::string("malformed JSON: ") + e.what()));
    }
}

} // namespace interlens
