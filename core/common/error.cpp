#include "common/error.h"

namespace interlens {

std::string fileMessage(const std::string& path, const std::string& message)
{
    return path + ": " + message;
}

} // namespace interlens
