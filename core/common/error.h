#pragma once

#include <atomic>
#include <stdexcept>
#include <string>

namespace interlens {

// Every error core throws derives from Error. The CLI maps InputError to exit code 2 (bad input: a file, an
// argument, a model we do not support) and any other exception to exit code 1 (an internal failure).
class Error : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

// The user's input is wrong or unsupported: the message names the file or argument and what is wrong with it.
class InputError : public Error
{
public:
    using Error::Error;
};

// A long computation was cancelled by the user; not a failure.
class CancelledError : public Error
{
public:
    CancelledError() : Error("cancelled") {}
};

// Throws CancelledError when the flag (the GUI's Cancel, a study's interrupt) is set; null means never.
inline void throwIfCancelled(const std::atomic<bool>* cancel)
{
    if (cancel && cancel->load(std::memory_order_relaxed))
        throw CancelledError();
}

// "path: message", the form every file-related error takes.
std::string fileMessage(const std::string& path, const std::string& message);

} // namespace interlens
