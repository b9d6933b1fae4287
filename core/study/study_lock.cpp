#include "study/study_lock.h"

#include "common/disk_space.h"
#include "common/error.h"

#include <QFileInfo>
#include <QString>
#include <QSysInfo>

#include <chrono>
#include <thread>

#include <cerrno>
#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace interlens {

namespace {

// How long a lock file may stay empty before it counts as a dead run's. QLockFile creates the file, flocks it
// and writes the holder's pid within microseconds; a creator stalled that long between the first two steps is
// the only case this grace period guards against.
constexpr std::chrono::seconds kEmptyLockGrace{2};

// QLockFile writes the holder's pid right after creating the lock file, so a kill -9 between the two leaves
// an empty file. QLockFile never calls such a file stale (no pid to check, and a stale time of 0 means "never
// by age"): every later run would be refused. The file is a dead run's when it is still empty after the grace
// period and nobody holds its flock (QLockFile flocks the file for as long as it holds the lock); it is then
// removed under that flock. Waits out the rest of the grace period for a young file. True when removed.
bool removeAbandonedEmptyLock(const std::string& path)
{
    const auto deadline = std::chrono::steady_clock::now() + kEmptyLockGrace + std::chrono::seconds(1);
    while (true) {
        struct stat status = {};
        if (::stat(path.c_str(), &status) != 0 || status.st_size != 0 || !S_ISREG(status.st_mode))
            return false; // gone (QLockFile retries), or written: QLockFile judges it by its pid
        const auto modified = std::chrono::system_clock::time_point(
            std::chrono::seconds(status.st_mtim.tv_sec) +
            std::chrono::duration_cast<std::chrono::system_clock::duration>(
                std::chrono::nanoseconds(status.st_mtim.tv_nsec)));
        if (std::chrono::system_clock::now() - modified >= kEmptyLockGrace)
            break;
        if (std::chrono::steady_clock::now() > deadline)
            return false; // a clock in the future: not ours to judge
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0)
        return false;
    struct stat status = {};
    const bool abandoned =
        ::flock(fd, LOCK_EX | LOCK_NB) == 0 && ::fstat(fd, &status) == 0 && status.st_size == 0;
    const bool removed = abandoned && ::unlink(path.c_str()) == 0;
    ::close(fd);
    return removed;
}

bool processIsGone(qint64 pid)
{
    return pid > 0 && ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH;
}

} // namespace

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
        const bool named = m_lock->getLockInfo(&pid, &host, &app);
        // A dead run's lock that QLockFile cannot take over: the lock file left empty (killed before it wrote
        // its pid), or, with the holder gone, QLockFile's own "<lock>.rmlock" left empty by a run killed
        // while taking over a stale lock (QLockFile waits 30 s for that one).
        const bool sameHost = host.isEmpty() || host == QSysInfo::machineHostName();
        const std::string blocker = !named ? path : sameHost && processIsGone(pid) ? path + ".rmlock" : "";
        if (!blocker.empty() && removeAbandonedEmptyLock(blocker) && m_lock->tryLock(0))
            return;
        if (m_lock->getLockInfo(&pid, &host, &app))
            throw InputError(
                fileMessage(outPath, "is being written by another run (pid " + std::to_string(pid) +
                                         (host.isEmpty() ? std::string() : " on " + host.toStdString()) +
                                         ", lock " + path +
                                         "); wait for it to finish, or use another --out. If that "
                                         "process is gone (another host), remove the lock file"));
        throw InputError(fileMessage(
            outPath, "is locked by another run (lock " + path +
                         ", which names no process); wait for it to finish, or use another --out. If no run "
                         "is writing it, remove the lock file"));
    }
    const std::string cause = writeFailureCause(path);
    throw InputError(
        fileMessage(path, "cannot create the lock file" + (cause.empty() ? std::string() : ": " + cause)));
}

StudyLock::~StudyLock() = default; // QLockFile unlocks and removes the file

} // namespace interlens
