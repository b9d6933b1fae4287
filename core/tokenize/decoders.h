#pragma once

#include <nlohmann/json_fwd.hpp>

#include <memory>
#include <string>
#include <vector>

namespace interlens {

// A tokenizer.json "decoder": turns token strings back into text. Like HF's decode_chain, each decoder maps
// the list of token strings to a new list; the final text is their concatenation.
class Decoder
{
public:
    virtual ~Decoder() = default;
    virtual std::vector<std::string> decodeChain(std::vector<std::string> tokens) const = 0;
};

// Builds the decoder described by `config` (nullptr for JSON null). Supported types: ByteLevel, Metaspace,
// Replace, ByteFallback, Fuse, Strip, Sequence. Throws InputError naming the type for anything else.
std::unique_ptr<Decoder> makeDecoder(const nlohmann::json& config);

} // namespace interlens
