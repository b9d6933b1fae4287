#include "study/study_lock.h"

#include "common/disk_space.h"
#include "common/error.h"

#include <QFileInfo>
#include <QString>

namespace interlens {

StudyLock::StudyLock(const std::string& outPath)
    : m_lock(std::make_unique<QLockFile>(QString::fromStdString(lockPath(outPath))))
{
    // Stale means "its process is gone" (QLockFile checks the pid on this host), never "it is old".
    m_lock->setStaleLockTime(0);
    if (m_lock->tryLock(0))
        return;
    const std::string path = lockPath(outPath);
    if (m_lock->error() == QLockFile::LockFailedError) {
        qint64 pid = 0;
        QString host, app;
        if (m_lock->getLockInfo(&pid, &host, &app))
            throw InputError(
                fileMessage(outPath, "is being written by another run (pid " + std::to_string(pid) +
                                         (host.isEmpty() ? std::string() : " on " + host.toStdString()) +
                                         ", lock " + path +
                                         "); wait for it to finish, or use another --out. If that "
                                         "process is gone (another host), remove the lock file"));
        throw InputError(fileMessage(outPath, "is locked by another run (" + path + ")"));
    }
    const std::string cause = writeFailureCause(path);
    throw InputError(
        fileMessage(path, "cannot create the lock file" + (cause.empty() ? std::string() : ": " + cause)));
}

StudyLock::~StudyLock() = default; // QLockFile unlocks and removes the file

} // namespace interlens
