#pragma once

#include <QLockFile>

#include <memory>
#include <string>

namespace interlens {

// Holds "<out>.lock" while a study run (or a merge) writes <out> and <out>.parts/, so that two runs with the
// same --out cannot both report success while one silently loses the other's results. A second run is refused
// with the holder's pid and host; a lock left by a process that no longer runs on this host (kill -9, a
// crash, a node that rebooted) is taken over, and so is a lock file left empty by a run killed before it
// wrote its pid. A live holder is never timed out: a study may run for days.
class StudyLock
{
public:
    // Throws InputError naming <out> and the holder when another live process holds the lock.
    explicit StudyLock(const std::string& outPath);
    ~StudyLock();
    StudyLock(const StudyLock&) = delete;
    StudyLock& operator=(const StudyLock&) = delete;

    static std::string lockPath(const std::string& outPath) { return outPath + ".lock"; }

private:
    std::unique_ptr<QLockFile> m_lock;
};

} // namespace interlens
