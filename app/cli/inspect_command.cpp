#include "cli/cli_support.h"
#include "cli/commands.h"

#include "common/error.h"

namespace interlens::cli {

int runInspect(const QStringList& args)
{
    Q_UNUSED(args);
    return guarded([] () -> int { throw InputError("inspect: not available in this build yet"); });
}

} // namespace interlens::cli
