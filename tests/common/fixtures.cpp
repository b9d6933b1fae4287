#include "common/fixtures.h"

#include <QCoreApplication>
#include <QDir>

namespace interlens::test {

QString fixturesDir()
{
    const QByteArray env = qgetenv("INTERLENS_FIXTURES");
    return QDir::cleanPath(env.isEmpty() ? QStringLiteral(INTERLENS_DEFAULT_FIXTURES)
                                         : QString::fromLocal8Bit(env));
}

QString fixturePath(const QString& relative)
{
    return fixturesDir() + QLatin1Char('/') + relative;
}

bool fixturesRequired()
{
    const QByteArray env = qgetenv("INTERLENS_REQUIRE_FIXTURES");
    return !env.isEmpty() && env != "0";
}

QString scratchDir(const QString& name)
{
    const QString path =
        QDir::tempPath() +
        QStringLiteral("/interlens-test-%1-%2").arg(QCoreApplication::applicationPid()).arg(name);
    QDir(path).removeRecursively();
    QDir().mkpath(path);
    return path;
}

} // namespace interlens::test
