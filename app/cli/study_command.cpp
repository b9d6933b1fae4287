#include "cli/commands.h"

#include <iostream>

namespace interlens::cli {

int runStudy(const QStringList&)
{
    std::cerr << "interlens study: not built yet\n";
    return 1;
}

int runMerge(const QStringList&)
{
    std::cerr << "interlens merge: not built yet\n";
    return 1;
}
} // namespace interlens::cli
