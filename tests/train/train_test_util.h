#pragma once

#include "common/resources.h"

#include <QString>

#include <string>

namespace interlens::test {

// The corpus slices shipped in resources/corpus (King James Bible, public domain).
inline std::string corpusFile(const char* name)
{
    return (interlens::resourcesDir() / "corpus" / name).string();
}

} // namespace interlens::test
