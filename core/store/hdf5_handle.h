#pragma once

// Small RAII layer over the HDF5 C API: every hid_t is owned by a Handle that closes it with the right
// H5*close function, and every failing call becomes an exception. hdf5.h stays private to core/store: this
// header (and hdf5_io.h, hdf5_file.h) does not include it, so that core/study's study files are written
// through these helpers without HDF5's headers; core/store's own .cpp files include <hdf5.h> for the raw API.

#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>

namespace interlens::store {

// HDF5's identifier and status types without hdf5.h: the very types hdf5.h declares (hdf5_handle.cpp checks),
// so inside core/store both spellings name one type.
using hid_t = std::int64_t;
using herr_t = int;
inline constexpr hid_t kInvalidHid = -1; // H5I_INVALID_HID

// The kind of object a Handle owns, which picks its H5*close function.
enum class HandleKind { File, Group, Dataset, Attribute, Dataspace, Datatype, Property };
// Closes `id` with the close function of `kind`; false when HDF5 reports a failure. `quietly` turns HDF5's
// error printing off for the call.
bool closeHandle(HandleKind kind, hid_t id, bool quietly);

// Owns one HDF5 identifier; closes it with the close function of `Kind` when it goes out of scope.
template <HandleKind Kind> class Handle
{
public:
    Handle() = default;
    explicit Handle(hid_t id) : m_id(id) {}
    Handle(const Handle&) = delete;
    Handle& operator=(const Handle&) = delete;
    Handle(Handle&& other) noexcept : m_id(std::exchange(other.m_id, kInvalidHid)) {}
    Handle& operator=(Handle&& other) noexcept
    {
        if (this != &other) {
            reset();
            m_id = std::exchange(other.m_id, kInvalidHid);
        }
        return *this;
    }
    ~Handle() { reset(); }

    hid_t get() const { return m_id; }
    bool valid() const { return m_id >= 0; }

    // Closes now and reports whether the close succeeded (a file's close is where buffered data reaches the
    // disk).
    bool close() { return m_id < 0 || closeHandle(Kind, std::exchange(m_id, kInvalidHid), false); }
    // Silently: a destructor runs while an exception unwinds (a full disk), and HDF5 would print its whole
    // error stack for a close that has already been reported.
    void reset()
    {
        if (m_id >= 0)
            closeHandle(Kind, std::exchange(m_id, kInvalidHid), true);
    }

private:
    hid_t m_id = kInvalidHid;
};

using FileHandle = Handle<HandleKind::File>;
using GroupHandle = Handle<HandleKind::Group>;
using DatasetHandle = Handle<HandleKind::Dataset>;
using AttributeHandle = Handle<HandleKind::Attribute>;
using DataspaceHandle = Handle<HandleKind::Dataspace>;
using DatatypeHandle = Handle<HandleKind::Datatype>;
using PropertyHandle = Handle<HandleKind::Property>;

// Turns HDF5's automatic error printing off for this thread while alive (we report errors ourselves) and
// restores the previous handler afterwards. Every public store entry point holds one.
class ErrorSilencer
{
public:
    ErrorSilencer();
    ~ErrorSilencer();
    ErrorSilencer(const ErrorSilencer&) = delete;
    ErrorSilencer& operator=(const ErrorSilencer&) = delete;

private:
    void (*m_func)() = nullptr; // HDF5's H5E_auto2_t, stored as a plain function pointer (no hdf5.h here)
    void* m_data = nullptr;
};

// The most specific message on this thread's HDF5 error stack ("" when empty), for exception texts.
std::string lastHdf5Error();

// Thrown by the helpers below when an HDF5 call fails; session_file/v_cache turn it into an InputError that
// names the file. `what()` names the object ("/models/a/v: cannot read dataset (...)").
class Hdf5Failure : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

// Throws Hdf5Failure("<what>: <hdf5 message>") when `id` is negative; returns it otherwise.
hid_t check(hid_t id, const std::string& what);
// Same for herr_t/htri_t style returns (negative = failure).
void checkStatus(herr_t status, const std::string& what);

} // namespace interlens::store
