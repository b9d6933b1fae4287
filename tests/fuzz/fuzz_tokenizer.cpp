// libFuzzer target: tokenizer.json loaded (model, normalizers, pre-tokenizers, added tokens, post-processors,
// decoders) and, when it loads, used: texts that exercise added tokens, byte fallback, Unicode and offsets
// encoded and decoded again.
#include "fuzz_support.h"

#include "common/error.h"
#include "tokenize/tokenizer.h"

namespace {

const char* const kTexts[] = {
    "Hello world, this is a test.",
    " leading  and   trailing spaces ",
    "<s> <unk></s><|endoftext|>[CLS] tokens",
    "caf\xC3\xA9 \xE6\x9D\xB1\xE4\xBA\xAC \xF0\x9F\x9A\x80 na\xC3\xAFve \xE2\x80\x94 dash",
    "1234567890 !?.,;:'\"()",
    "",
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string path = interlens::fuzz::writeScratch("tokenizer.json", data, size);
    try {
        const interlens::Tokenizer tokenizer = interlens::Tokenizer::load(path);
        for (const char* text : kTexts) {
            for (const bool special : {true, false}) {
                const interlens::Encoding encoding = tokenizer.encode(text, special);
                (void)tokenizer.decode(encoding.ids, false);
                (void)tokenizer.decode(encoding.ids, true);
            }
        }
    } catch (const interlens::InputError&) {
    }
    return 0;
}
