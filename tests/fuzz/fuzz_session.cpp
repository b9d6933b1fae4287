// libFuzzer target: HDF5 session files (interlens inspect, the GUI's File > Open).
#include "fuzz_support.h"

#include "common/error.h"
#include "store/session_file.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string path = interlens::fuzz::writeScratch("session.h5", data, size);
    try {
        (void)interlens::loadSession(path);
    } catch (const interlens::InputError&) {
    }
    return 0;
}
