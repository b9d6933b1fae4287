#pragma once

namespace interlens::cli {

// The git revision this binary was built from (`git describe --always` at configure time; "unknown" outside a
// git checkout, or what -DINTERLENS_GIT_REVISION=... gave).
const char* gitRevision();

} // namespace interlens::cli
