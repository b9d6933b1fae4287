#pragma once

// Small RAII layer over the HDF5 C API: every hid_t is owned by a Handle that closes it with the right
// H5*close function, and every failing call becomes an exception. Only core/store includes this header (it
// pulls in hdf5.h).

#include <hdf5.h>

#include <stdexcept>
#include <string>
#include <utility>

namespace interlens::store {

// Owns one HDF5 identifier; closes it with `Close` (H5Fclose, H5Gclose, ...) when it goes out of scope.
template <herr_t (*Close)(hid_t)> class Handle
{
public:
    Handle() = default;
    explicit Handle(hid_t id) : m_id(id) {}
    Handle(const Handle&) = delete;
    Handle& operator=(const Handle&) = delete;
    Handle(Handle&& other) noexcept : m_id(std::exchange(other.m_id, H5I_INVALID_HID)) {}
    Handle& operator=(Handle&& other) noexcept
    {
        if (this != &other) {
            reset();
            m_id = std::exchange(other.m_id, H5I_INVALID_HID);
        }
        return *this;
    }
    ~Handle() { reset(); }

    hid_t get() const { return m_id; }
    bool valid() const { return m_id >= 0; }

    // Closes now and reports whether the close succeeded (a file's close is where buffered data reaches the
    // disk).
    bool close()
    {
        if (m_id < 0)
            return true;
        const herr_t status = Close(m_id);
        m_id = H5I_INVALID_HID;
        return status >= 0;
    }
    // Silently: a destructor runs while an exception unwinds (a full disk), and HDF5 would print its whole
    // error stack for a close that has already been reported.
    void reset()
    {
        H5E_auto2_t func = nullptr;
        void* data = nullptr;
        H5Eget_auto2(H5E_DEFAULT, &func, &data);
        H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
        close();
        H5Eset_auto2(H5E_DEFAULT, func, data);
    }

private:
    hid_t m_id = H5I_INVALID_HID;
};

using FileHandle = Handle<H5Fclose>;
using GroupHandle = Handle<H5Gclose>;
using DatasetHandle = Handle<H5Dclose>;
using AttributeHandle = Handle<H5Aclose>;
using DataspaceHandle = Handle<H5Sclose>;
using DatatypeHandle = Handle<H5Tclose>;
using PropertyHandle = Handle<H5Pclose>;

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
    H5E_auto2_t m_func = nullptr;
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
