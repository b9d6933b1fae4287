#pragma once

// Shared by the libFuzzer targets: most of our readers take a path (they check that it is a regular file and
// how large it is before reading), so each input is written to one scratch file per process and read from
// there.

#include <cstddef>
#include <cstdint>
#include <string>

namespace interlens::fuzz {

// Writes `data` to a per-process scratch file named `name` (in $TMPDIR or /tmp, inside a folder of its own)
// and returns its path. The same path is reused for every input.
std::string writeScratch(const std::string& name, const std::uint8_t* data, std::size_t size);

// The scratch folder of this process (created on first use).
std::string scratchDir();

} // namespace interlens::fuzz
