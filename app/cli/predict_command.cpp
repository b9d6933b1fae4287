#include "cli/cli_support.h"
#include "cli/commands.h"

#include "common/error.h"

namespace interlens::cli {

int runPredict(const QStringList& args)
{
    Q_UNUSED(args);
    return guarded([] () -> int { throw InputError("predict: not available in this build yet"); });
}

} // namespace interlens::cli
