#pragma once

#include <string>
#include <vector>

namespace interlens {

// For `interlens --version`: libtorch's version, and the devices this libtorch can run on ("cpu (4 threads)",
// "cuda:0", ...).
std::string libtorchVersion();
std::vector<std::string> availableDevices();

} // namespace interlens
