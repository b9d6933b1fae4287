#include "cli/commands.h"

#include <iostream>

namespace interlens::cli {

int runTrain(const QStringList&)
{
    std::cerr << "interlens train: not built yet\n";
    return 1;
}

} // namespace interlens::cli
