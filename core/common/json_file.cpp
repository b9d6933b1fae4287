#include "common/json_file.h"

#include "common/error.h"
#include "common/regular_file.h"

#include <QCryptographicHash>

#include <nlohmann/json.hpp>
#include <zlib.h>

namespace interlens {

namespace {

std::string gunzip(const std::string& compressed, const std::string& path, std::uint64_t maxBytes)
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
        if (out.size() > maxBytes) { // a gzip bomb: a few KB that inflate to gigabytes
            inflateEnd(&stream);
            throw InputError(fileMessage(path, "inflates to more than " + describeBytes(double(maxBytes))));
        }
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

std::string jsonErrorWithoutContent(const std::exception& e)
{
    std::string message = e.what();
    if (const size_t echo = message.find("; last read: "); echo != std::string::npos)
        message.erase(echo);
    return message;
}

nlohmann::json readJsonFile(const std::string& path, std::string* sha256, std::uint64_t maxBytes)
{
    std::string content = readRegularFile(path, maxBytes, "a JSON file");
    if (sha256)
        *sha256 = QCryptographicHash::hash(
                      QByteArray::fromRawData(content.data(), static_cast<qsizetype>(content.size())),
                      QCryptographicHash::Sha256)
                      .toHex()
                      .toStdString();
    if (content.size() >= 2 && static_cast<unsigned char>(content[0]) == 0x1F &&
        static_cast<unsigned char>(content[1]) == 0x8B)
        content = gunzip(content, path, maxBytes);
    try {
        return nlohmann::json::parse(content);
    } catch (const nlohmann::json::exception& e) { // parse_error, and out_of_range for a number like 1e400
        throw InputError(fileMessage(path, "malformed JSON: " + jsonErrorWithoutContent(e)));
    }
}

} // namespace interlens
