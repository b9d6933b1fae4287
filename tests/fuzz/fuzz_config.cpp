// libFuzzer target: config.json (every architecture's keys, rope_scaling, value limits).
#include "fuzz_support.h"

#include "common/error.h"
#include "model/config_limits.h"
#include "model/model_config.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    interlens::fuzz::writeScratch("config.json", data, size);
    try {
        const interlens::ModelConfig config = interlens::readModelConfig(interlens::fuzz::scratchDir());
        (void)interlens::forwardBytesEstimate(config, 1, 64, 4);
        interlens::checkSequenceLength(config, 1, 64, 4);
    } catch (const interlens::InputError&) {
    }
    return 0;
}
