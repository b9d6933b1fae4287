#include "common/regular_file.h"

#include "common/error.h"

#include <cerrno>
#include <cstdio>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace interlens {

namespace {

// Closes the descriptor on every path out.
class Descriptor
{
public:
    explicit Descriptor(int fd) : m_fd(fd) {}
    ~Descriptor()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    Descriptor(const Descriptor&) = delete;
    Descriptor& operator=(const Descriptor&) = delete;
    int get() const { return m_fd; }

private:
    int m_fd;
};

const char* kindOf(mode_t mode)
{
    if (S_ISDIR(mode))
        return "a directory";
    if (S_ISFIFO(mode))
        return "a FIFO (named pipe)";
    if (S_ISCHR(mode))
        return "a character device";
    if (S_ISBLK(mode))
        return "a block device";
    if (S_ISSOCK(mode))
        return "a socket";
    return "not a regular file";
}

// Opens `path` for reading without blocking (O_NONBLOCK: opening a FIFO with no writer would wait forever)
// and checks what it is on the descriptor itself. Returns the descriptor and the size.
int openRegular(const std::string& path, std::uint64_t maxBytes, const std::string& what, std::uint64_t& size)
{
    const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        const int err = errno;
        if (err == ENOENT)
            throw InputError(fileMessage(path, "cannot open: no such file (expected " + what + ")"));
        throw InputError(fileMessage(path, std::string("cannot open: ") + std::strerror(err) + " (expected " +
                                               what + ")"));
    }
    Descriptor guard(fd);
    struct stat info
    {
    };
    if (::fstat(fd, &info) != 0)
        throw InputError(fileMessage(path, std::string("cannot examine the file: ") + std::strerror(errno)));
    if (!S_ISREG(info.st_mode))
        throw InputError(fileMessage(path, std::string("is ") + kindOf(info.st_mode) + ", expected " + what +
                                               " (only regular files are read)"));
    size = static_cast<std::uint64_t>(info.st_size);
    if (size > maxBytes)
        throw InputError(fileMessage(path, "is " + describeBytes(double(size)) + ", more than the " +
                                               describeBytes(double(maxBytes)) + " " + what +
                                               " may have; is it the right file?"));
    // Regular files never block; reads go back to the ordinary blocking mode.
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    return ::dup(fd);
}

} // namespace

std::uint64_t checkRegularFile(const std::string& path, std::uint64_t maxBytes, const std::string& what)
{
    std::uint64_t size = 0;
    Descriptor fd(openRegular(path, maxBytes, what, size));
    return size;
}

std::string readRegularFile(const std::string& path, std::uint64_t maxBytes, const std::string& what)
{
    std::uint64_t size = 0;
    Descriptor fd(openRegular(path, maxBytes, what, size));
    if (fd.get() < 0)
        throw InputError(fileMessage(path, std::string("cannot open: ") + std::strerror(errno)));
    std::string content;
    content.reserve(static_cast<size_t>(size));
    char buffer[1 << 16];
    for (;;) {
        const ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            throw InputError(fileMessage(path, std::string("cannot read: ") + std::strerror(errno)));
        }
        if (n == 0)
            break;
        content.append(buffer, static_cast<size_t>(n));
        if (content.size() > maxBytes)
            throw InputError(
                fileMessage(path, "grew past " + describeBytes(double(maxBytes)) + " while it was read"));
    }
    return content;
}

std::string describeBytes(double bytes)
{
    const char* units[] = {"bytes", "KB", "MB", "GB", "TB", "PB"};
    int unit = 0;
    while (bytes >= 1000.0 && unit < 5) {
        bytes /= 1000.0;
        ++unit;
    }
    char text[48];
    std::snprintf(text, sizeof text, unit == 0 ? "%.0f %s" : "%.1f %s", bytes, units[unit]);
    return text;
}

} // namespace interlens
