// libFuzzer target: the safetensors reader (8-byte header length, JSON header, offsets, dtypes, overlaps),
// then every tensor it accepted read back. Bad input must end in InputError; anything else is a finding.
#include "fuzz_support.h"

#include "common/error.h"
#include "model/safetensors.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string path = interlens::fuzz::writeScratch("model.safetensors", data, size);
    try {
        const interlens::SafetensorsFile file(path);
        for (const std::string& name : file.names())
            (void)file.read(name);
    } catch (const interlens::InputError&) {
    }
    return 0;
}
