#pragma once

#include <ATen/ATen.h>

#include <string>
#include <utility>
#include <vector>

namespace interlens {

using NamedTensors = std::vector<std::pair<std::string, at::Tensor>>;

// Writes `tensors` (any device, contiguous or not; stored in their own dtype) as a .safetensors file with an
// optional {"format": "pt"}-style metadata map. The header is padded with spaces to a multiple of 8 bytes, as
// the reference implementation does, so the data area is aligned. Throws Error when the file cannot be
// written.
void writeSafetensors(const std::string& path, const NamedTensors& tensors,
                      const std::vector<std::pair<std::string, std::string>>& metadata = {{"format", "pt"}});

} // namespace interlens
