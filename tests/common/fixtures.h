#pragma once

#include <QFileInfo>
#include <QString>
#include <QTest>

namespace interlens::test {

// Root of ../shared/fixtures: $INTERLENS_FIXTURES if set, else the path CMake was configured with.
QString fixturesDir();

// fixturesDir() + "/" + relative.
QString fixturePath(const QString& relative);

// True when $INTERLENS_REQUIRE_FIXTURES is set to a non-empty value other than 0: a missing fixture then
// fails the test instead of skipping it (CI sets it, so a missing ../shared can never pass as a green run).
bool fixturesRequired();

// A fresh temporary directory path unique to this process (created), for files a test writes.
QString scratchDir(const QString& name);

} // namespace interlens::test

// Skips the current test function, with a message saying how to provide the fixture, when `path` does not
// exist; fails it instead when fixtures are required (fixturesRequired()).
#define INTERLENS_REQUIRE_FIXTURE(path)                                                                      \
    do {                                                                                                     \
        if (!QFileInfo::exists(path)) {                                                                      \
            const QString interlensMissing =                                                                 \
                QStringLiteral("fixture not found: %1 — put ../shared beside the checkout or set "         \
                               "INTERLENS_FIXTURES (CMake: -DINTERLENS_FIXTURES_DIR)")                       \
                    .arg(path);                                                                              \
            if (interlens::test::fixturesRequired())                                                         \
                QFAIL(                                                                                       \
                    qPrintable(interlensMissing + QStringLiteral(" (INTERLENS_REQUIRE_FIXTURES is set)")));  \
            QSKIP(qPrintable(interlensMissing));                                                             \
        }                                                                                                    \
    } while (0)
