#include "store/atomic_file.h"

#include "common/error.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QRandomGenerator>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include <fcntl.h>
#include <unistd.h>

namespace interlens::store {

namespace {

// Best effort: a rename is only durable once the data it points to has reached the disk.
void syncPath(const std::string& path, int flags)
{
    const int fd = ::open(path.c_str(), flags);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

} // namespace

std::string temporarySibling(const std::string& path)
{
    const QFileInfo info(QString::fromStdString(path));
    const QString name = QStringLiteral(".%1.tmp-%2-%3")
                             .arg(info.fileName())
                             .arg(QCoreApplication::applicationPid())
                             .arg(QRandomGenerator::global()->generate(), 8, 16, QLatin1Char('0'));
    return info.dir().filePath(name).toStdString();
}

void writeAtomically(const std::string& path, const std::function<void(const std::string& tempPath)>& write)
{
    const std::string temp = temporarySibling(path);
    try {
        write(temp);
    } catch (...) {
        std::remove(temp.c_str());
        throw;
    }
    syncPath(temp, O_RDONLY);
    if (std::rename(temp.c_str(), path.c_str()) != 0) {
        const int err = errno;
        std::remove(temp.c_str());
        throw InputError(fileMessage(path, std::string("cannot replace the file: ") + std::strerror(err)));
    }
    syncPath(QFileInfo(QString::fromStdString(path)).absolutePath().toStdString(), O_RDONLY | O_DIRECTORY);
}

} // namespace interlens::store
