#pragma once

#include <QFileInfo>
#include <QString>
#include <QTest>

namespace interlens::test {

// Root of ../shared/fixtures: $INTERLENS_FIXTURES if set, else the path CMake was configured with.
QString fixturesDir();

// fixturesDir() + "/" + relative.
QString fixturePath(const QString& relative);

// A fresh temporary directory path unique to this process (created), for files a test writes.
QString scratchDir(const QString& name);

} // namespace interlens::test

// Skips the current test function, with a message saying how to provide the fixture, when `path` does not exist.
#define INTERLENS_REQUIRE_FIXTURE(path)                                                                          \
    do {                                                                                                         \
        if (!QFileInfo::exists(path))                                                                            \
            QSKIP(qPrintable(QStringLiteral("fixture not found: %1 — put ../shared beside the checkout or set "  \
                                            "INTERLENS_FIXTURES (CMake: -DINTERLENS_FIXTURES_DIR)")              \
                                 .arg(path)));                                                                   \
    } while (0)
