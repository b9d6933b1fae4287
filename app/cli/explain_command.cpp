#include "cli/cli_support.h"
#include "cli/commands.h"

#include "common/error.h"

namespace interlens::cli {

int runExplain(const QStringList& args)
{
    Q_UNUSED(args);
    return guarded([] () -> int { throw InputError("explain: not available in this build yet"); });
}

} // namespace interlens::cli
