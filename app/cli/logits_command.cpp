#include "cli/cli_support.h"
#include "cli/commands.h"

#include "common/error.h"

namespace interlens::cli {

int runLogits(const QStringList& args)
{
    Q_UNUSED(args);
    return guarded([] () -> int { throw InputError("logits: not available in this build yet"); });
}

} // namespace interlens::cli
